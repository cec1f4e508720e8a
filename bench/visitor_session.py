"""Print the session key of a logged-in person with no role, for wrk's Cookie header.

The public pages are never cached for someone logged in, so with this cookie ``bench/run.sh``
measures them uncached. Run as ``python bench/visitor_session.py`` on the bench database.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.utils.module_loading import import_string  # noqa: E402

EMAIL = "benk-besokende@utlysning.invalid"


def session_cookie(user) -> str:
    """A new session for ``user``, as a Cookie header's value."""
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    user, _ = get_user_model().objects.get_or_create(
        username="benk-besokende", defaults={"email": EMAIL}
    )
    print(session_cookie(user))


if __name__ == "__main__":
    main()
