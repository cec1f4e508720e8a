"""Logging in with ID-porten (OpenID Connect, through allauth's provider; config/idporten.py).

What is kept of a login, and why. ID-porten sends the person's national identity number (the
``pid`` claim) with every login. Utlysning does not need it: the account key is ``sub``, the
pseudonym ID-porten gives each person for this service alone, and an account is found by it on
every later login whatever e-mail address the person has since. So the number is dropped as the
login arrives, before anything is saved or put in the session, and no hash of it is kept either:
a hash of an 11-digit number with a known structure would be as good as the number to anyone
holding the key. Of the claims only those below are kept with the account (``extra_data``).
"""

from __future__ import annotations

import logging

import requests
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Claims kept with the account: who (the pseudonym, name, address) and how the person logged in
# (level of assurance, method, time). Everything else, ``pid`` first of all, is dropped.
KEPT_CLAIMS = frozenset(
    {
        "sub",
        "iss",
        "acr",
        "amr",
        "auth_time",
        "locale",
        "name",
        "given_name",
        "family_name",
        "email",
        "email_verified",
    }
)

CANCELLED = _(
    "Innloggingen med ID-porten ble avbrutt, og du er ikke logget inn. Prøv igjen, eller logg "
    "inn med e-post og passord."
)
UNAVAILABLE = _(
    "ID-porten svarer ikke akkurat nå, så du er ikke logget inn. Prøv igjen om litt, eller logg "
    "inn med e-post og passord."
)
FAILED = _(
    "Vi fikk ikke logget deg inn med ID-porten. Prøv igjen, eller logg inn med e-post og passord."
)


def kept_claims(extra_data: dict) -> dict:
    """What allauth would store of a login (the userinfo answer and the ID token's claims), with
    only the claims in ``KEPT_CLAIMS``."""
    kept = {}
    for part in ("userinfo", "id_token"):
        claims = extra_data.get(part)
        if isinstance(claims, dict):
            kept[part] = {name: value for name, value in claims.items() if name in KEPT_CLAIMS}
    return kept


def back_to_login(request, message):
    messages.error(request, message)
    return redirect(settings.LOGIN_URL)


def login(request, provider_id: str):
    """allauth's start of the login, which asks ID-porten for its configuration first; when
    ID-porten does not answer, the person is back on the login page with a message, not a 500."""
    try:
        return openid_connect_views.login(request, provider_id)
    except requests.RequestException:
        logger.warning("ID-porten did not answer at the start of a login", exc_info=True)
        return back_to_login(request, UNAVAILABLE)
