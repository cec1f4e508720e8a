"""``gunicorn -c gunicorn.conf.py bench.fortunes.wsgi``: the baseline under Utlysning's settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.fortunes.settings"
application = get_wsgi_application()
