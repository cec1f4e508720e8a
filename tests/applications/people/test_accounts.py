"""Accounts through django-allauth: sign-up, verification, log-in, rate limits, site look."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory
from tests.html import count_tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _verified_user(email="kari@example.org"):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ],
)
def test_account_pages_have_the_site_look_and_one_heading(client, url):
    html = client.get(url).content.decode()
    assert count_tags(html, "h1") == 1
    assert 'class="site-header"' in html
    assert 'ds-input"' in html
    assert 'class="ds-label"' in html


def test_signing_up_sends_a_verification_mail_and_needs_it_before_logging_in(client, committed):
    with committed():
        response = client.post(
            "/accounts/signup/",
            {
                "full_name": "Kari Nordmann",
                "email": "ny@example.org",
                "password1": "Fjord-og-fjell-2026!",
                "password2": "Fjord-og-fjell-2026!",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[-1].to == ["ny@example.org"]
    client.logout()
    with committed():
        response = client.post(
            "/accounts/login/", {"login": "ny@example.org", "password": "Fjord-og-fjell-2026!"}
        )
    assert response["Location"] == "/accounts/confirm-email/"
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    client.post(f"/accounts/confirm-email/{key}/")
    response = client.post(
        "/accounts/login/", {"login": "ny@example.org", "password": "Fjord-og-fjell-2026!"}
    )
    assert response["Location"] == "/my/"


def test_sign_up_without_a_name_is_refused_in_norwegian_and_keeps_what_was_typed(client):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "  \r\n ",
            "email": "ny@example.org",
            "password1": "Fjord-og-fjell-2026!",
            "password2": "Fjord-og-fjell-2026!",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv inn fullt navn, for eksempel Kari Nordmann." in html
    assert 'value="ny@example.org"' in html
    assert not get_user_model().objects.filter(email="ny@example.org").exists()
    assert html.index('name="full_name"') < html.index('name="email"'), "the name comes first"


def test_sign_up_stores_the_full_name_as_typed(client):
    client.post(
        "/accounts/signup/",
        {
            "full_name": " Kari  Anne Nordmann ",
            "email": "ny@example.org",
            "password1": "Fjord-og-fjell-2026!",
            "password2": "Fjord-og-fjell-2026!",
        },
    )
    user = get_user_model().objects.get(email="ny@example.org")
    assert (user.first_name, user.last_name) == ("Kari Anne", "Nordmann")
    assert user.get_full_name() == "Kari Anne Nordmann"


def test_a_bad_sign_up_shows_an_error_summary_and_keeps_the_address(client):
    html = client.post(
        "/accounts/signup/",
        {
            "full_name": "Kari Nordmann",
            "email": "ny@example.org",
            "password1": "kort",
            "password2": "annet",
        },
    ).content.decode()
    assert "ds-error-summary" in html
    assert 'value="ny@example.org"' in html
    assert 'value="Kari Nordmann"' in html


def test_after_log_in_applicants_land_on_my_page(client):
    _verified_user()
    response = client.post(
        "/accounts/login/",
        {"login": "kari@example.org", "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/my/"


def test_log_out_is_a_button_in_the_header(client):
    client.force_login(_verified_user())
    html = client.get("/my/").content.decode()
    assert 'action="/accounts/logout/"' in html
    client.post("/accounts/logout/")
    assert client.get("/my/")["Location"].startswith("/accounts/login/")


def test_password_reset_mails_a_link(client, committed):
    _verified_user()
    with committed():
        client.post("/accounts/password/reset/", {"email": "kari@example.org"})
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_failed_log_ins_are_rate_limited_per_account(client):
    _verified_user()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "kari@example.org", "password": "feil"})
    response = client.post(
        "/accounts/login/",
        {"login": "kari@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 200
    assert "For mange innloggingsforsøk" in response.content.decode()


def test_sign_up_is_rate_limited_per_address(client):
    statuses = []
    for n in range(21):
        response = client.post(
            "/accounts/signup/",
            {"email": f"p{n}@example.org", "password1": "Fjord-og-fjell-2026!", "password2": "x"},
        )
        statuses.append(response.status_code)
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert "For mange forsøk" in response.content.decode()


def test_account_pages_work_in_english(client):
    client.cookies["utlysning_language"] = "en"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in html
    assert "Sign In" in html or "Sign in" in html
    assert "Log in" in html  # the site's own header
