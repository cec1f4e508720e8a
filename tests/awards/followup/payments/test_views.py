"""/my/grants/<pk>/payouts/new/ and the conditions on /my/grants/<pk>/: administrators and
editors write, readers read, other organisations and staff learn nothing through /my/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import roles
from awards.models import GrantCondition, PayoutRequest
from calls.formatting import format_kroner
from tests.factories import MembershipFactory, StaffFactory

from .conftest import PDF, request_payout

pytestmark = pytest.mark.django_db


def _url(grant):
    return f"/my/grants/{grant.pk}/payouts/new/"


def _form(**extra):
    return {
        "personnel": "1 000 000",
        "purchased_services": "",
        "equipment": "0",
        "other": "200 000 kr",
        "status_text": "Første kull har startet.",
        **extra,
    }


def test_the_page_shows_each_budget_line_beside_its_field(client, accepted, org_editor):
    client.force_login(org_editor)
    page = client.get(_url(accepted)).content.decode()
    assert "Be om utbetaling" in page
    assert "Personalkostnader" in page
    assert format_kroner(2_000_000) in page  # personnel over the two years of the budget
    assert 'aria-describedby="budget-personnel"' in page
    assert "Forskudd" in page


def test_a_draft_keeps_what_was_typed(client, accepted, org_editor):
    client.force_login(org_editor)
    response = client.post(_url(accepted), {**_form(), "save": "1"}, follow=True)
    assert "Utkastet er lagret." in response.content.decode()
    payout = PayoutRequest.objects.get(grant=accepted)
    assert (payout.state, payout.personnel, payout.other) == ("draft", 1_000_000, 200_000)
    page = client.get(_url(accepted)).content.decode()
    assert 'value="1 000 000"' in page and "Første kull har startet." in page


def test_bad_amounts_get_a_norwegian_message_and_keep_the_input(client, accepted, org_editor):
    client.force_login(org_editor)
    response = client.post(_url(accepted), {**_form(personnel="mange penger"), "save": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv beløpet med tall i hele kroner" in page
    assert 'value="mange penger"' in page
    assert not PayoutRequest.objects.exists()


def test_sending_without_the_attachments_lists_what_is_missing_and_keeps_the_draft(
    client, accepted, org_admin
):
    client.force_login(org_admin)
    response = client.post(_url(accepted), {**_form(), "submit": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Legg ved regnskapet for prosjektet så langt." in page
    assert "Bekreft erklæringen før dere sender anmodningen." in page
    assert PayoutRequest.objects.get(grant=accepted).state == "draft"


def test_an_editor_sends_a_request(client, accepted, org_editor):
    client.force_login(org_editor)
    accounts = SimpleUploadedFile("regnskap.pdf", PDF, content_type="application/pdf")
    response = client.post(
        _url(accepted),
        {**_form(), "declaration": "on", "accounts": accounts, "submit": "1"},
        follow=True,
    )
    assert "Anmodningen om utbetaling er sendt." in response.content.decode()
    payout = PayoutRequest.objects.get(grant=accepted)
    assert (payout.state, payout.submitted_by) == ("submitted", org_editor)
    download = client.get(f"/my/grants/payouts/{payout.pk}/accounts/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_reader_reads_but_cannot_request(client, accepted, org_reader):
    client.force_login(org_reader)
    page = client.get(_url(accepted)).content.decode()
    assert "Bare en administrator eller redaktør" in page
    assert 'name="submit"' not in page
    assert client.post(_url(accepted), {**_form(), "save": "1"}).status_code == 403
    assert not PayoutRequest.objects.exists()


@pytest.mark.parametrize("who", ["other organisation", "partner reviewer", "adviser"])
def test_strangers_see_no_payouts(client, accepted, org_admin, who):
    payout = request_payout(accepted, by=org_admin)
    condition = GrantCondition.objects.create(grant=accepted, text="Avtale")
    person = {
        "other organisation": lambda: MembershipFactory(role="admin").user,
        "partner reviewer": lambda: StaffFactory(group=roles.PARTNER_REVIEWER),
        "adviser": lambda: StaffFactory(group=roles.ADVISER),
    }[who]()
    client.force_login(person)
    assert client.get(_url(accepted)).status_code == 404
    assert client.post(_url(accepted), _form()).status_code == 404
    assert client.get(f"/my/grants/payouts/{payout.pk}/accounts/").status_code == 404
    evidence = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    url = f"/my/grants/conditions/{condition.pk}/evidence/"
    assert client.post(url, {"evidence": evidence}).status_code == 404


def test_an_offer_not_yet_accepted_says_why_no_payout_can_be_asked_for(client, offered, org_admin):
    client.force_login(org_admin)
    page = client.get(_url(offered)).content.decode()
    assert "Tilskuddet må være akseptert før dere kan be om utbetaling." in page
    assert client.post(_url(offered), {**_form(), "save": "1"}).status_code == 400


def test_the_organisation_uploads_evidence_for_a_condition(client, accepted, org_editor):
    condition = GrantCondition.objects.create(grant=accepted, text="Samarbeidsavtale")
    client.force_login(org_editor)
    page = client.get(f"/my/grants/{accepted.pk}/").content.decode()
    assert "Samarbeidsavtale" in page and "Ikke dokumentert" in page
    url = f"/my/grants/conditions/{condition.pk}/evidence/"
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "Velg en fil som dokumenterer særvilkåret." in missing.content.decode()
    evidence = SimpleUploadedFile("avtale.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"evidence": evidence}, follow=True)
    assert "Dokumentasjonen er sendt." in response.content.decode()
    condition.refresh_from_db()
    assert condition.status == "submitted" and condition.evidence_name == "avtale.pdf"
    assert client.get(f"/my/grants/conditions/{condition.pk}/file/").status_code == 200


def test_a_reader_cannot_upload_evidence(client, accepted, org_reader):
    condition = GrantCondition.objects.create(grant=accepted, text="Avtale")
    client.force_login(org_reader)
    evidence = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    url = f"/my/grants/conditions/{condition.pk}/evidence/"
    assert client.post(url, {"evidence": evidence}).status_code == 403
    condition.refresh_from_db()
    assert condition.evidence_submitted_at is None


def test_a_file_that_is_not_a_document_is_refused(client, accepted, org_editor):
    condition = GrantCondition.objects.create(grant=accepted, text="Avtale")
    client.force_login(org_editor)
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/my/grants/conditions/{condition.pk}/evidence/", {"evidence": bad})
    assert response.status_code == 400
    condition.refresh_from_db()
    assert condition.evidence_submitted_at is None
