"""The TechEmpower "fortunes" page as a tiny Django project: the baseline ``make bench`` measures
every page of Utlysning against, under the same gunicorn settings."""
