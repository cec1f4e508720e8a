"""The advisers' admin, one module per area. Importing the package registers every admin.

Domain packages (assessment, decisions, letters, dialogue) never import this one.
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from . import (  # noqa: F401
    applications,
    calls,
    cases,
    decisions,
    dialogue,
    grants,
    letters,
    reports,
    reviews,
    users,
)

# The task queue's own admin pages speak English only and sit outside the staff roles; the
# delivery of letters shows on the ranking board, and `manage.py schedule` lists the jobs.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
