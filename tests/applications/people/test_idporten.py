"""Logging in with ID-porten, against the local provider of tests/oidc.py: the button only when
configured, PKCE, linking by verified address, the name step, staff two-factor, failures that end
on the login page, and the national identity number kept out of the database."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from tests.factories import StaffFactory, UserFactory
from tests.html import count_tags
from tests.oidc import PERSON, PID

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/oidc/idporten/login/"
BUTTON = "Logg inn med ID-porten"
PASSWORD = "correct horse battery staple"


def _verified_user(email, **kwargs):
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _through_idporten(client, provider, *, start=LOGIN):
    """Press the button, let the provider answer, and come back: the callback's response."""
    response = client.post(start)
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{provider.url}/authorize?")
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/accounts/oidc/idporten/login/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def _logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def _message_on_the_login_page(client, response):
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    return client.get("/accounts/login/").content.decode()


# Without configuration ---------------------------------------------------------------------------


def test_without_configuration_there_is_no_button_and_no_working_route(client):
    html = client.get("/accounts/login/").content.decode()
    assert "ID-porten" not in html
    assert "ID-porten" not in client.get("/accounts/signup/").content.decode()
    assert client.get(LOGIN).status_code == 404
    assert client.post(LOGIN).status_code == 404
    assert client.get(LOGIN + "callback/?code=x&state=y").status_code == 404


def test_without_configuration_email_login_works_as_before(client):
    _verified_user("kari@example.org")
    response = client.post("/accounts/login/", {"login": "kari@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/my/"


# The button and the request -----------------------------------------------------------------------


def test_the_login_page_shows_the_button_beside_email_login(client, idporten):
    html = client.get("/accounts/login/").content.decode()
    assert BUTTON in html
    assert f'action="{LOGIN}?process=login"' in html
    assert 'name="password"' in html
    assert count_tags(html, "h1") == 1


def test_the_login_asks_for_pkce_the_level_of_assurance_and_only_openid_profile(client, idporten):
    _through_idporten(client, idporten)
    asked = idporten.authorize_requests[0]
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) >= 43
    assert asked["acr_values"] == "idporten-loa-substantial"
    assert sorted(asked["scope"].split()) == ["openid", "profile"]
    assert idporten.token_requests[0]["code_verifier"]


def test_a_login_started_with_get_only_shows_a_page_to_continue(client, idporten):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert idporten.authorize_requests == []


# Accounts -------------------------------------------------------------------------------------------


def test_a_first_login_makes_an_account_with_the_name_and_the_verified_address(client, idporten):
    response = _through_idporten(client, idporten)
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    user = _logged_in_user(client)
    assert user.get_full_name() == "Kari Nordmann"
    assert user.email == PERSON["email"]
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("idporten", PERSON["sub"])
    assert client.get("/my/").status_code == 200


def test_the_next_login_finds_the_account_by_its_pseudonym_even_with_a_new_address(
    client, idporten
):
    _through_idporten(client, idporten)
    first = _logged_in_user(client)
    client.logout()
    idporten.person["email"] = "kari@nyjobb.example"
    _through_idporten(client, idporten)
    assert _logged_in_user(client) == first
    assert get_user_model().objects.count() == 1


def test_a_verified_address_opens_the_existing_account_and_connects_it(client, idporten):
    existing = _verified_user(PERSON["email"], first_name="Kari", last_name="Nordmann")
    response = _through_idporten(client, idporten)
    assert response["Location"] == "/my/"
    assert _logged_in_user(client) == existing
    assert SocialAccount.objects.get(provider="idporten").user == existing
    existing.refresh_from_db()
    assert existing.has_usable_password()  # e-mail login still works
    assert get_user_model().objects.count() == 1


def test_an_address_idporten_has_not_verified_never_opens_an_existing_account(client, idporten):
    existing = _verified_user(PERSON["email"])
    idporten.person["email_verified"] = False
    response = _through_idporten(client, idporten)
    assert _logged_in_user(client) is None
    assert not SocialAccount.objects.filter(user=existing).exists()
    # allauth does not tell who has an account: the owner of the address gets an e-mail, and
    # the page says to look in the inbox, as at any sign-up.
    assert response["Location"] == "/accounts/confirm-email/"
    assert get_user_model().objects.count() == 1


def test_without_an_address_the_person_gives_one_and_a_name_on_the_sign_up_form(client, idporten):
    # ID-porten itself sends no e-mail address with "openid profile": the first login asks.
    for claim in ("email", "email_verified", "name", "given_name", "family_name"):
        idporten.person.pop(claim)
    response = _through_idporten(client, idporten)
    assert response["Location"] == "/accounts/3rdparty/signup/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert count_tags(page.content.decode(), "h1") == 1
    assert "Ny konto med ID-porten" in page.content.decode()
    assert PID not in _everything_stored()

    refused = client.post(response["Location"], {"email": "ikke-en-adresse", "full_name": ""})
    assert refused.status_code == 200
    assert "ikke-en-adresse" in refused.content.decode()
    assert "Skriv inn fullt navn, for eksempel Kari Nordmann." in refused.content.decode()
    assert not get_user_model().objects.exists()

    done = client.post(
        response["Location"], {"email": "ola@fjordklyngen.example", "full_name": "Ola Nordmann"}
    )
    assert done.status_code == 302
    user = get_user_model().objects.get()
    assert user.get_full_name() == "Ola Nordmann"
    assert not EmailAddress.objects.get(user=user).verified  # confirmed by e-mail, as always
    assert SocialAccount.objects.get().user == user
    assert PID not in _everything_stored()


def test_a_verified_address_of_an_account_that_never_confirmed_it_wipes_that_password(
    client, idporten
):
    # Someone signed up with Kari's address without being able to confirm it. Kari's ID-porten
    # login takes the account over: the password that someone chose stops working, and the
    # account opens once the address is confirmed from Kari's inbox.
    squatter = UserFactory(email=PERSON["email"])
    EmailAddress.objects.create(user=squatter, email=PERSON["email"], verified=False, primary=True)
    response = _through_idporten(client, idporten)
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert response["Location"] == "/accounts/confirm-email/"
    assert _logged_in_user(client) is None


def test_a_login_without_a_name_asks_for_the_name_first(client, idporten):
    for claim in ("name", "given_name", "family_name"):
        idporten.person.pop(claim)
    response = _through_idporten(client, idporten)
    assert response["Location"] == "/my/name/"
    user = _logged_in_user(client)
    assert user.get_full_name() == ""
    assert not user.username.startswith(PERSON["sub"])


def test_staff_with_an_authenticator_still_give_the_code_after_idporten(client, idporten, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    staff = StaffFactory(email=PERSON["email"])
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = _through_idporten(client, idporten)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert _logged_in_user(client) is None
    # The admin sends the person to log in, and the login to the code that is still owed.
    admin = client.get("/admin/", follow=True)
    visited = [url for url, _status in admin.redirect_chain]
    assert any(url.startswith("/accounts/login/") for url in visited)
    assert visited[-1] == "/accounts/2fa/authenticate/"
    assert _logged_in_user(client) is None


def test_staff_without_an_authenticator_are_sent_to_set_one_up_before_the_admin(
    client, idporten, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    staff = StaffFactory(email=PERSON["email"])
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    _through_idporten(client, idporten)
    assert _logged_in_user(client) == staff
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"] == "/accounts/2fa/totp/activate/"


# The national identity number ---------------------------------------------------------------------


def _everything_stored() -> str:
    """Every row of every table as text, and every session decoded."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            texts.extend(repr(row) for row in cursor.fetchall())
    texts.extend(repr(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(texts)


def test_the_national_identity_number_is_nowhere_in_the_database(client, idporten):
    _through_idporten(client, idporten)
    client.logout()
    _through_idporten(client, idporten)  # the second login updates what the first stored
    account = SocialAccount.objects.get()
    assert account.uid == PERSON["sub"]
    assert "pid" not in account.extra_data["userinfo"]
    assert "pid" not in account.extra_data["id_token"]
    assert account.extra_data["id_token"]["acr"] == "idporten-loa-substantial"
    assert PID not in _everything_stored()
    assert SocialAccount.objects.get().extra_data["userinfo"]["name"] == "Kari Nordmann"


def test_the_data_download_shows_the_idporten_connection_without_the_number(client, idporten):
    _through_idporten(client, idporten)
    response = client.get("/my/data.json")
    assert PID not in response.content.decode()
    (connection_data,) = response.json()["idporten"]
    assert connection_data["sub"] == PERSON["sub"]
    assert connection_data["claims"]["userinfo"]["email"] == PERSON["email"]


def test_deleting_the_account_deletes_the_idporten_connection(client, idporten):
    _through_idporten(client, idporten)
    response = client.post("/my/delete-account/", {"confirm": "on"})
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()


# Failures -------------------------------------------------------------------------------------------


def test_a_refused_login_ends_on_the_login_page_with_a_message(client, idporten):
    idporten.refuse = True
    html = _message_on_the_login_page(client, _through_idporten(client, idporten))
    assert "Innloggingen med ID-porten ble avbrutt" in html
    assert _logged_in_user(client) is None


def test_idporten_down_at_the_start_ends_on_the_login_page_with_a_message(client, idporten_down):
    html = _message_on_the_login_page(client, client.post(LOGIN))
    assert "ID-porten svarer ikke akkurat nå" in html


def test_a_token_endpoint_that_fails_ends_on_the_login_page_with_a_message(client, idporten):
    idporten.token_fails = True
    html = _message_on_the_login_page(client, _through_idporten(client, idporten))
    assert "Vi fikk ikke logget deg inn med ID-porten" in html
    assert _logged_in_user(client) is None


def test_a_callback_used_twice_logs_nobody_in_the_second_time(idporten):
    first = Client()
    response = first.post(LOGIN)
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    first.get(f"{callback.path}?{callback.query}")
    assert _logged_in_user(first) is not None

    stranger = Client()  # someone who got hold of the address the provider sent back
    replay = stranger.get(f"{callback.path}?{callback.query}")
    assert _logged_in_user(stranger) is None
    assert "Vi fikk ikke logget deg inn" in _message_on_the_login_page(stranger, replay)


def test_a_callback_with_a_made_up_code_logs_nobody_in(client, idporten):
    client.post(LOGIN)
    state = parse_qs(urlsplit(client.post(LOGIN)["Location"]).query)["state"][0]
    response = client.get(f"{LOGIN}callback/?code=made-up&state={state}")
    assert _logged_in_user(client) is None
    assert "Vi fikk ikke logget deg inn" in _message_on_the_login_page(client, response)


def test_no_social_models_in_the_admin():
    from django.contrib import admin

    labels = {model._meta.label_lower for model in admin.site._registry}
    assert not {label for label in labels if label.startswith("socialaccount.")}
    assert apps.is_installed("allauth.socialaccount")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?code=x",
        "?state=x",
        "?error=server_error&error_description=%00%ff",
        "?code=%E2%80%8F%00&state=%0A%0D",
        "?code=" + "a" * 5000 + "&state=" + "b" * 5000,
        "?error=access_denied&state=not-ours",
    ],
)
def test_garbage_at_the_callback_never_gives_a_500_and_logs_nobody_in(client, idporten, query):
    client.post(LOGIN)  # a login under way, so there is a state to miss
    response = client.get(f"{LOGIN}callback/{query}")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert _logged_in_user(client) is None


def test_the_first_login_form_without_a_login_under_way_sends_the_person_to_log_in(
    client, idporten
):
    response = client.post(
        "/accounts/3rdparty/signup/", {"email": "x@example.org", "full_name": "X Y"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not get_user_model().objects.exists()


def test_a_name_longer_than_the_fields_hold_is_clipped_not_a_500(client, idporten):
    idporten.person["name"] = "Kari " + "Nordmann-" * 40
    response = _through_idporten(client, idporten)
    assert response["Location"] == "/my/"
    user = _logged_in_user(client)
    assert user.get_full_name().startswith("Kari Nordmann-")
