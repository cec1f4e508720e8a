"""ID-porten, the national login, as an OpenID Connect app of django-allauth.

ID-porten is configured by three environment variables (issuer, client id, secret). Without all
three there is no app: the login page shows no ID-porten button and e-mail login works alone.
The app lives in settings (``SOCIALACCOUNT_PROVIDERS``), so no ``SocialApp`` row is needed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = "idporten"
NAME = "ID-porten"
# Substantial is what BankID, Buypass and Commfides give; MinID alone is "low".
DEFAULT_ACR_VALUES = "idporten-loa-substantial"


DEFAULT_SCOPES = "openid profile"


def openid_connect_settings(
    *,
    issuer: str,
    client_id: str,
    secret: str,
    scopes: str = DEFAULT_SCOPES,
    acr_values: str = DEFAULT_ACR_VALUES,
) -> dict:
    """allauth's settings for its OpenID Connect provider, with ID-porten as its one app (or no
    app when nothing is configured). Half a configuration is a mistake worth stopping for."""
    given = [bool(issuer), bool(client_id), bool(secret)]
    if any(given) and not all(given):
        raise ImproperlyConfigured(
            "ID-porten needs UTLYSNING_IDPORTEN_ISSUER, UTLYSNING_IDPORTEN_CLIENT_ID and "
            "UTLYSNING_IDPORTEN_SECRET together (or none of them)."
        )
    apps = []
    if all(given):
        app_settings = {
            "server_url": issuer.rstrip("/"),
            # The account key is ID-porten's pairwise pseudonym, never the national identity
            # number (applications/people/adapters.py keeps the number out of the database).
            "uid_field": "sub",
        }
        if acr_values:
            app_settings["auth_params"] = {"acr_values": acr_values}
        apps.append(
            {
                "provider_id": PROVIDER_ID,
                "name": NAME,
                "client_id": client_id,
                "secret": secret,
                "settings": app_settings,
            }
        )
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": scopes.split() or DEFAULT_SCOPES.split(),
            "APPS": apps,
        }
    }


def form_action_origins(issuer: str, login_origin: str = "") -> list[str]:
    """Where the ID-porten button's form may lead, for the Content Security Policy.

    The button posts to the site, which sends the browser on to the provider's authorization
    endpoint; browsers hold that redirect to ``form-action`` as well. ID-porten's endpoint is on
    another host than its issuer (``https://idporten.no`` logs in at ``login.idporten.no``), so
    that host is added for ID-porten's issuers; ``login_origin`` names it for any other one.
    """
    if not issuer:
        return []
    parts = urlsplit(issuer)
    origins = [f"{parts.scheme}://{parts.netloc}"]
    if parts.hostname in ("idporten.no", "test.idporten.no"):
        origins.append(f"{parts.scheme}://login.{parts.netloc}")
    if login_origin:
        origins.append(login_origin.rstrip("/"))
    return origins
