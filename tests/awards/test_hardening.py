"""Rules found in review: who opens letters, decided amounts, deleting accounts, mail headers."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications.people import services as applicant_services
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.models import Case
from tests import deciding

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_letter(adviser, eligible):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    return letter_services.letter_send(application=eligible, by=adviser)


def test_the_adviser_opens_the_letter_pdf_from_the_case_page(client, adviser, sent_letter):
    client.force_login(adviser)
    response = client.get(f"/my/letters/{sent_letter.pk}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_partner_reviewer_cannot_open_letters(client, reviewer, sent_letter):
    client.force_login(reviewer)
    assert client.get(f"/my/letters/{sent_letter.pk}/").status_code == 404
    assert client.get(f"/my/letters/{sent_letter.pk}.pdf").status_code == 404


def test_an_adviser_without_two_factor_cannot_open_letters(client, adviser, sent_letter, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    client.force_login(adviser)
    assert client.get(f"/my/letters/{sent_letter.pk}/").status_code == 404


def test_a_decided_application_keeps_its_proposal(adviser, application):
    deciding.decision_make(
        application=application, outcome="reject", rejection_reason="low_score", by=adviser
    )
    with pytest.raises(ValidationError, match="allerede avgjort"):
        decision_services.proposed_amount_set(application=application, amount=500_000, by=adviser)
    assert not Case.objects.filter(application=application, proposed_amount__isnull=False).exists()


def test_an_adviser_with_decisions_on_record_is_told_why_the_account_stays(adviser, sent_letter):
    with pytest.raises(ValidationError) as error:
        applicant_services.user_delete(user=adviser)
    assert error.value.code == "protected"
    adviser.refresh_from_db()


def test_a_line_break_in_a_title_does_not_stop_the_letter_mail(
    adviser, application, django_capture_on_commit_callbacks
):
    application.title = "Kompetanse\r\nBcc: alle@example.org"
    application.save()
    from tests.factories import MembershipFactory

    MembershipFactory(organisation=application.organisation)
    deciding.decision_make(
        application=application, outcome="reject", rejection_reason="low_score", by=adviser
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_services.letter_send(application=application, by=adviser)
    assert "\n" not in letter.subject and "\r" not in letter.subject
    assert len(mail.outbox) == 1
    assert mail.outbox[0].bcc == []


def test_the_applicant_sees_the_decision_only_when_its_letter_is_sent(client, adviser, eligible):
    from tests.factories import MembershipFactory

    member = MembershipFactory(organisation=eligible.organisation).user
    client.force_login(member)
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    eligible.refresh_from_db()
    assert eligible.applicant_status_label == "under behandling"
    assert "innvilget" not in client.get("/my/").content.decode().lower()
    letter_services.letter_send(application=eligible, by=adviser)
    eligible.refresh_from_db()
    assert eligible.applicant_status_label == "innvilget"
    assert "Innvilget" in client.get("/my/").content.decode()
