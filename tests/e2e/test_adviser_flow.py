"""The whole assessment in a browser: from deadline to published results and the applicant's
letter, with two-factor login for staff."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from awards.demo.assessment import DEMO_TOTP_SECRETS
from awards.demo.load import load_demo
from awards.models import Award, Letter
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


_USED_COUNTERS: dict[str, int] = {}


def _totp(username: str) -> str:
    """The person's current code, as a person would type it: a code is accepted once, so a
    second login in the same 30-second window waits for the next code, and a code about to
    expire is not typed (the server would check it in the next window) but waited out."""
    counter = int(time.time()) // 30
    if _USED_COUNTERS.get(username) == counter or 30 - time.time() % 30 < 8:
        time.sleep(30 - time.time() % 30 + 0.5)
        counter = int(time.time()) // 30
    _USED_COUNTERS[username] = counter
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRETS[username], counter))


def _log_in(page, base_url, *, email, password, next_url, totp_user=None):
    page.goto(f"{base_url}{next_url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    if totp_user:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("input[name=code]").fill(_totp(totp_user))
        page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_adviser_takes_a_call_from_deadline_to_published_results(live_server, browser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    load_demo()
    base = live_server.url
    awarded = Application.objects.get(title="Prosessoperatører for grønn industri på Helgeland")
    rejected = Application.objects.get(title="BIM-kurs for bygg og anlegg")

    adviser = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url="/admin/",
        totp_user="radgiver",
    )
    expect(adviser.locator("#call-overview")).to_contain_text("andre utlysning")

    # Formal check and a reviewer from the county council.
    adviser.goto(f"{base}/admin/applications/application/{awarded.pk}/assessment/")
    adviser.get_by_label("Oppfyller de formelle kravene").check()
    adviser.get_by_role("button", name="Lagre formell kontroll").click()
    expect(adviser.locator(".messagelist")).to_contain_text("formelle kontrollen er lagret")
    adviser.get_by_label("Fagvurderer:", exact=True).select_option(
        label="Frida Fylkesrådgiver (fylke@utlysning.example)"
    )
    adviser.get_by_label("Rolle").select_option("county_council")
    adviser.get_by_role("button", name="Tildel fagvurderer").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Fagvurdereren er lagt til")

    # The reviewer declares impartiality and scores.
    reviewer = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    reviewer.set_default_timeout(15_000)
    _log_in(
        reviewer,
        base,
        email="fylke@utlysning.example",
        password="demo-fylke-2026",
        next_url="/admin/awards/reviewassignment/",
        totp_user="fylke",
    )
    reviewer.get_by_role("link", name="Vurder", exact=True).click()
    reviewer.get_by_label("Jeg er habil og kan vurdere søknaden").check()
    reviewer.get_by_role("button", name="Lagre erklæringen").click()
    expect(reviewer.locator("#impartiality")).to_have_text("Habil")
    for label, value in [
        ("Karakter for Relevans for næringslivet", "5"),
        ("Karakter for Samarbeid med utdanningsinstitusjoner", "6"),
        ("Karakter for Distriktseffekt", "5"),
        ("Karakter for Gjennomføringsevne", "4"),
    ]:
        reviewer.get_by_label(label).select_option(value)
    reviewer.get_by_label("Kommentar til Distriktseffekt").fill("Sterk forankring på Helgeland.")
    reviewer.get_by_role("button", name="Send inn vurderingen").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Vurderingen er sendt inn")

    # Ranking, decisions, letters, publication.
    call_id = awarded.call_id
    adviser.goto(f"{base}/admin/calls/call/{call_id}/ranking/")
    first = adviser.locator("#ranking tbody tr").first
    expect(first).to_contain_text(awarded.title)
    expect(first).to_contain_text("5,05")  # (5·30 + 6·25 + 5·25 + 4·20) / 100
    expect(adviser.locator("#funding-line")).to_be_visible()
    above = adviser.locator("#ranking tbody tr.above-line")
    expect(above).to_have_count(4)  # 2.5 + 1.7 + 1.8 + 3.0 million of 10
    adviser.get_by_label("Foreslått beløp for Fagskoletilbud i marin prosessteknologi").fill(
        "1000000"
    )
    expect(above).to_have_count(5)  # the line moves down while the amount is typed

    adviser.goto(f"{base}/admin/applications/application/{awarded.pk}/assessment/")
    adviser.get_by_label("Jeg er habil i denne saken").check()
    adviser.get_by_label("Tilsagn").check()
    adviser.get_by_label("Tildelt beløp (kr)").fill("2000000")
    adviser.get_by_label("Særvilkår").fill("Avtale med fagskolen skal foreligge før oppstart.")
    adviser.get_by_label("Frist for utbetaling").fill("2028-12-31")
    adviser.get_by_role("button", name="Lagre vedtak").click()
    expect(adviser.locator("#application-status")).to_have_text("Innvilget")

    adviser.goto(f"{base}/admin/applications/application/{rejected.pk}/assessment/")
    adviser.get_by_label("Jeg er habil i denne saken").check()
    adviser.get_by_label("Avslag", exact=True).check()
    adviser.get_by_label("Avslagsgrunn").select_option("outside_area")
    adviser.get_by_label("Begrunnelse:", exact=True).last.fill(
        "Ingen deltakende bedrifter i området."
    )
    adviser.get_by_role("button", name="Lagre vedtak").click()
    expect(adviser.locator("#application-status")).to_have_text("Avslått")

    adviser.goto(f"{base}/admin/calls/call/{call_id}/publish/")
    expect(adviser.locator("#content-main")).to_contain_text("Venter på brev")

    adviser.goto(f"{base}/admin/calls/call/{call_id}/letters/send/")
    adviser.get_by_role("button", name="Send 2 brev").click()
    expect(adviser.locator(".messagelist")).to_contain_text("2 brev er laget")
    # The e-mails go out from the task queue (run at once in the tests); the board counts those
    # the mail server took and lists the one nobody could receive, with the reason.
    expect(adviser).to_have_url(re.compile(rf"/admin/calls/call/{call_id}/ranking/$"))
    expect(adviser.locator("#batch-progress")).to_contain_text("2 av 2 brev er laget.")
    expect(adviser.locator("#delivery-progress")).to_contain_text("1 av 2 brev er sendt på e-post.")
    failed = adviser.locator("#delivery-failed tbody tr")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text(rejected.title)
    expect(failed).to_contain_text("ingen aktive medlemmer med e-postadresse")
    expect(adviser.get_by_role("button", name="Prøv igjen med 1 brev")).to_be_visible()
    assert_accessible(adviser)
    adviser.goto(f"{base}/admin/calls/call/{call_id}/publish/")
    adviser.get_by_role("button", name="Publiser resultatene").click()
    expect(adviser.locator(".messagelist")).to_contain_text("1 tildelinger er publisert")

    award = Award.objects.get(application=awarded)
    assert award.is_published and award.amount == 2_000_000
    assert [m.to for m in mail.outbox if "Tilbud om tilskudd" in m.subject] == [
        ["soker@utlysning.example"]
    ]

    # The public sees the award; the applicant reads the letter.
    visitor = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    visitor.goto(f"{base}/awards/")
    section = visitor.locator(f"#call-{call_id}")
    expect(section).to_contain_text(awarded.title)
    expect(section).not_to_contain_text(rejected.title)
    assert_accessible(visitor)

    letter = Letter.objects.get(application=awarded)
    applicant = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    applicant.set_default_timeout(15_000)
    _log_in(
        applicant,
        base,
        email="soker@utlysning.example",
        password="demo-soker-2026",
        next_url=f"/my/letters/{letter.pk}/",
    )
    expect(applicant.locator("h1")).to_have_text(f"Tilbud om tilskudd – {awarded.title}")
    expect(applicant.locator(".letter-body")).to_contain_text("2 000 000 kr")
    expect(applicant.locator(".letter-body")).to_contain_text("Avtale med fagskolen")
    assert_accessible(applicant)
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="Last ned brevet som PDF").click()
    assert download.value.suggested_filename == f"brev-{letter.pk}.pdf"
