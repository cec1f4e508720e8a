"""WSGI entry point for gunicorn: ``gunicorn config.wsgi`` (see gunicorn.conf.py)."""

import logging
import os

from django.core import checks
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# gunicorn runs no system checks; the ones about the deployment's cache are run here, so every
# web node says at start when its rate limits count per process (calls.W001).
for message in checks.run_checks(tags=[checks.Tags.caches]):
    logging.getLogger("django.core.checks").warning("%s", message)
