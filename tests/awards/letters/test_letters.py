"""Decision letters: their content, the sandboxed templates, sending, and who can read them."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from awards.letters import services as letter_services
from awards.letters.render import render_letter
from awards.letters.texts import validate_letter_template
from awards.models import Letter, LetterTemplate
from tests import deciding
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def awarded(adviser, eligible):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_500_000,
        conditions="Samarbeidsavtale med fagskolen før oppstart.",
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    return eligible


def test_the_offer_letter_holds_organisation_project_amount_conditions_and_appeal_deadline(
    awarded,
):
    letter = render_letter(decision=awarded.decision, sent_on=dt.date(2026, 5, 4))
    assert awarded.title in letter.subject
    body = letter.body
    assert awarded.organisation.name in body
    assert awarded.organisation.orgnr_display in body
    assert f"1{NBSP}500{NBSP}000{NBSP}kr" in body
    assert f"2{NBSP}000{NBSP}000{NBSP}kr" in body  # requested
    assert "Samarbeidsavtale med fagskolen" in body
    assert "30. juni 2028" in body
    assert "25. mai 2026" in body  # three weeks after sending
    assert letter.appeal_deadline == dt.date(2026, 5, 25)


def test_the_rejection_letter_gives_the_reason(adviser, application):
    deciding.decision_make(
        application=application,
        outcome="reject",
        rejection_reason="low_score",
        rejection_text="Svak forankring hos bedriftene.",
        by=adviser,
    )
    letter = render_letter(decision=application.decision, sent_on=dt.date(2026, 5, 4))
    assert letter.kind == "rejection"
    assert "Svakere vurdert enn prosjektene som fikk støtte" in letter.body
    assert "Svak forankring hos bedriftene." in letter.body


def test_a_calls_own_template_is_used(awarded):
    LetterTemplate.objects.create(
        call=awarded.call,
        kind="offer",
        subject="Tilsagn til {{ organisasjon }}",
        body="Dere får {{ belop }}. Klag innen {{ klagefrist }}.",
    )
    letter = render_letter(decision=awarded.decision, sent_on=dt.date(2026, 5, 4))
    assert letter.subject == f"Tilsagn til {awarded.organisation.name}"
    assert letter.body == f"Dere får 1{NBSP}500{NBSP}000{NBSP}kr. Klag innen 25. mai 2026."


@pytest.mark.parametrize(
    "body",
    [
        "{% load static %}hei",
        "{% include 'base.html' %}",
        "{{ settings.SECRET_KEY }}",
        "{{ organisasjon.__class__ }}",
        "{{ organisasjon|upper }}",
        "{% if 1 %}x{% endif %}",
        "{{ }}",
        "{{ 'tekst' }}",
    ],
)
def test_templates_may_hold_only_the_documented_placeholders(body):
    with pytest.raises(ValidationError):
        validate_letter_template(subject="Emne", body=body)


def test_the_letter_template_admin_refuses_other_template_code(client, adviser, call):
    client.force_login(adviser)
    response = client.post(
        "/admin/awards/lettertemplate/add/",
        {"call": call.pk, "kind": "offer", "subject": "Emne", "body": "{{ request.user }}"},
    )
    assert response.status_code == 200
    assert "er ikke en av plassholderne" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_sending_emails_the_members_and_keeps_the_letter(
    adviser, awarded, django_capture_on_commit_callbacks
):
    member = MembershipFactory(organisation=awarded.organisation).user
    UserFactory(username="stranger")
    undecided = ApplicationFactory(call=awarded.call, organisation=awarded.organisation)
    with pytest.raises(ValidationError, match="har ikke noe vedtak"):
        letter_services.letter_send(application=undecided, by=adviser)
    with django_capture_on_commit_callbacks(execute=True):
        letter_services.letters_send_for_call(
            call=awarded.call, by=adviser, base_url="https://utlysning.example/"
        )
    letter = Letter.objects.get(application=awarded)
    assert letter.sent_by == adviser
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Tilbud om tilskudd" in mail.outbox[0].subject
    assert f"https://utlysning.example/my/letters/{letter.pk}/" in mail.outbox[0].body
    assert f"https://utlysning.example/my/letters/{letter.pk}.pdf" in mail.outbox[0].body
    with pytest.raises(ValidationError, match="allerede sendt"):
        letter_services.letter_send(application=awarded, by=adviser)


def test_only_members_of_the_organisation_open_the_letter(client, adviser, awarded):
    letter = letter_services.letter_send(application=awarded, by=adviser)
    url = f"/my/letters/{letter.pk}/"
    assert client.get(url).status_code == 302  # log in first
    client.force_login(UserFactory(username="outsider"))
    assert client.get(url).status_code == 404
    assert client.get(f"/my/letters/{letter.pk}.pdf").status_code == 404
    client.force_login(MembershipFactory(organisation=awarded.organisation).user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Samarbeidsavtale med fagskolen" in response.content.decode()
    pdf = client.get(f"/my/letters/{letter.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_old_letter_addresses_redirect_to_my_letters(client, adviser, awarded):
    letter = letter_services.letter_send(application=awarded, by=adviser)
    page = client.get(f"/awards/letters/{letter.pk}/")
    assert page.status_code == 301
    assert page["Location"] == f"/my/letters/{letter.pk}/"
    pdf = client.get(f"/awards/letters/{letter.pk}.pdf")
    assert pdf.status_code == 301
    assert pdf["Location"] == f"/my/letters/{letter.pk}.pdf"


def test_the_adviser_previews_the_letter_before_sending(client, adviser, awarded):
    client.force_login(adviser)
    html = client.get(
        f"/admin/applications/application/{awarded.pk}/assessment/letter/"
    ).content.decode()
    assert "Samarbeidsavtale med fagskolen" in html
    assert not Letter.objects.exists()


def test_the_call_preview_shows_an_unpublished_call_to_staff_only(client, adviser, applicant, call):
    call.is_published = False
    call.save()
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(adviser)
    response = client.get(f"/admin/calls/call/{call.pk}/preview/")
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert "ikke publisert" in response.content.decode()
    client.force_login(applicant)
    assert client.get(f"/admin/calls/call/{call.pk}/preview/", follow=True).status_code == 403


def test_an_invited_sketch_gets_an_invitation_letter(adviser):
    from calls.models import Call
    from tests.awards.conftest import make_eligible
    from tests.factories import CallFactory

    sketch = make_eligible(CallFactory(stage=Call.Stage.SKETCH))
    deciding.decision_make(application=sketch, outcome="invite", by=adviser)
    letter = letter_services.letter_send(application=sketch, by=adviser)
    assert letter.kind == "invitation"
    assert "Vi inviterer dere til å sende en fullstendig søknad." in letter.body
