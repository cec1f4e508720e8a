"""ID-porten is configured from the environment (config/idporten.py, config/settings/base.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.idporten import form_action_origins, openid_connect_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'providers': settings.SOCIALACCOUNT_PROVIDERS, "
    "'form_action': [str(s) for s in "
    "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]}))"
)


def _settings_with(**variables) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("UTLYSNING_IDPORTEN_")}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **variables}
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_three_variables_make_the_idporten_app_with_pkce():
    shown = _settings_with(
        UTLYSNING_IDPORTEN_ISSUER="https://test.idporten.no",
        UTLYSNING_IDPORTEN_CLIENT_ID="utlysning-klient",
        UTLYSNING_IDPORTEN_SECRET="hemmelig",
    )
    oidc = shown["providers"]["openid_connect"]
    assert oidc["OAUTH_PKCE_ENABLED"] is True
    assert oidc["SCOPE"] == ["openid", "profile"]
    (app,) = oidc["APPS"]
    assert app["provider_id"] == "idporten"
    assert app["name"] == "ID-porten"
    assert (app["client_id"], app["secret"]) == ("utlysning-klient", "hemmelig")
    assert app["settings"]["server_url"] == "https://test.idporten.no"
    assert app["settings"]["uid_field"] == "sub"
    assert app["settings"]["auth_params"] == {"acr_values": "idporten-loa-substantial"}
    assert shown["form_action"] == [
        "'self'",
        "https://test.idporten.no",
        "https://login.test.idporten.no",
    ]


def test_without_the_variables_there_is_no_app_and_the_policy_is_unchanged():
    shown = _settings_with()
    assert shown["providers"]["openid_connect"]["APPS"] == []
    assert shown["form_action"] == ["'self'"]


def test_half_a_configuration_stops_the_site_at_start():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("UTLYSNING_IDPORTEN_")}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "UTLYSNING_IDPORTEN_ISSUER": "https://idporten.no",
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "UTLYSNING_IDPORTEN_CLIENT_ID" in result.stderr


@pytest.mark.parametrize(
    ("issuer", "login_origin", "expected"),
    [
        ("https://idporten.no", "", ["https://idporten.no", "https://login.idporten.no"]),
        (
            "https://sso.example.org/realms/x",
            "https://login.example.org/",
            ["https://sso.example.org", "https://login.example.org"],
        ),
        ("", "https://login.example.org", []),
    ],
)
def test_the_policy_lets_the_button_lead_to_the_providers_login_page(
    issuer, login_origin, expected
):
    assert form_action_origins(issuer, login_origin) == expected


def test_an_empty_level_of_assurance_sends_none():
    app = openid_connect_settings(
        issuer="https://idporten.no", client_id="x", secret="y", acr_values=""
    )
    assert "auth_params" not in app["openid_connect"]["APPS"][0]["settings"]


def test_half_a_configuration_names_every_variable():
    with pytest.raises(ImproperlyConfigured) as error:
        openid_connect_settings(issuer="", client_id="x", secret="")
    for name in ("ISSUER", "CLIENT_ID", "SECRET"):
        assert f"UTLYSNING_IDPORTEN_{name}" in str(error.value)
