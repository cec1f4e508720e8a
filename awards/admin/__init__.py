"""The advisers' admin, one module per area. Importing the package registers every admin.

Domain packages (assessment, decisions, letters, dialogue) never import this one.
"""

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from . import (  # noqa: F401
    appeals,
    applications,
    calls,
    cases,
    changes,
    decisions,
    dialogue,
    grants,
    letters,
    payouts,
    reports,
    reviews,
    users,
)

# The task queue's own admin pages speak English only and sit outside the staff roles; the
# delivery of letters shows on the ranking board, and `manage.py schedule` lists the jobs.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# ID-porten is configured in settings (no SocialApp rows), tokens are not kept, and a person's
# connection to ID-porten is theirs to see on /accounts/3rdparty/: allauth's own admin pages for
# these would only let staff read login data or move a connection to another account.
for model in (SocialApp, SocialAccount, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
