"""The organisation's case documents on /my/ (innsyn): who sees them, and what is in them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Membership
from awards.assessment.models import ReviewAssignment, Score
from awards.dialogue.models import InternalNote, Message
from tests.factories import (
    CriterionFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    StaffFactory,
    UserFactory,
    invited_sketch,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    """An invited sketch with its letter sent, a submitted review, a message and a note."""
    application = invited_sketch(title="Helgeland")
    application.reference, application.submitted_at = "UTL-2026-1-0007", timezone.now()
    application.save(update_fields=["reference", "submitted_at"])
    criterion = CriterionFactory(call=application.call, name="Relevans for næringsmiljøet")
    assignment = ReviewAssignmentFactory(
        application=application,
        reviewer=StaffFactory(first_name="Rita", last_name="Vurderer"),
        impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
        submitted_at=timezone.now(),
    )
    Score.objects.create(
        assignment=assignment, criterion=criterion, score=5, comment="Godt forankret."
    )
    member = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.READER
    ).user
    Message.objects.create(application=application, author=member, text="Spørsmål")
    InternalNote.objects.create(
        application=application, author=StaffFactory(), text="HEMMELIG NOTAT"
    )
    return application, member


def _page(client, application, user):
    client.force_login(user)
    return client.get(reverse("case_documents:list", args=[application.pk]))


def test_a_reader_of_the_organisation_sees_the_documents_but_never_a_note(client, case):
    application, reader = case
    page = _page(client, application, reader).content.decode()
    assert reverse("applications:summary", kwargs={"pk": application.pk}) in page
    assert "Invitasjon til å sende søknad" in page  # the letter
    assert "1 melding i saken" in page
    assert "HEMMELIG NOTAT" not in page


def test_assessments_are_shown_once_the_decision_has_reached_the_organisation(client, case):
    application, reader = case
    Application.objects.filter(pk=application.pk).update(outcome_announced_at=None)
    page = _page(client, application, reader).content.decode()
    assert "Godt forankret." not in page
    assert "når vedtaket er sendt" in page
    Application.objects.filter(pk=application.pk).update(
        outcome_announced_at=timezone.now(), announced_status=application.status
    )
    page = _page(client, application, reader).content.decode()
    assert "Relevans for næringsmiljøet" in page
    assert "Godt forankret." in page
    assert "Rita Vurderer" in page
    assert "Fylkeskommunen" in page


def test_the_call_can_hide_the_reviewers_names(client, case):
    application, reader = case
    Application.objects.filter(pk=application.pk).update(
        outcome_announced_at=timezone.now(), announced_status=application.status
    )
    application.call.show_reviewer_names = False
    application.call.save(update_fields=["show_reviewer_names"])
    page = _page(client, application, reader).content.decode()
    assert "Godt forankret." in page
    assert "Rita Vurderer" not in page
    assert "Vurdering 1: Fylkeskommunen" in page


def test_strangers_other_organisations_and_drafts_get_nothing(client, case):
    application, _reader = case
    assert _page(client, application, UserFactory()).status_code == 404
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    assert _page(client, application, outsider).status_code == 404
    client.logout()
    response = client.get(reverse("case_documents:list", args=[application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    member = MembershipFactory(organisation=application.organisation).user
    Application.objects.filter(pk=application.pk).update(submitted_at=None)
    assert _page(client, application, member).status_code == 404


def test_the_my_page_links_the_documents_of_a_sent_application(client, case):
    application, reader = case
    client.force_login(reader)
    page = client.get(reverse("applications:dashboard")).content.decode()
    assert reverse("case_documents:list", args=[application.pk]) in page


def test_the_page_reads_the_same_number_of_queries_with_more_documents(client, case):
    application, reader = case
    Application.objects.filter(pk=application.pk).update(
        outcome_announced_at=timezone.now(), announced_status=application.status
    )
    client.force_login(reader)
    url = reverse("case_documents:list", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        assignment = ReviewAssignmentFactory(
            application=application,
            impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
            submitted_at=timezone.now(),
        )
        Score.objects.create(
            assignment=assignment, criterion=CriterionFactory(call=application.call), score=4
        )
        Message.objects.create(application=application, author=reader, text="Mer")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_organisations_own_appeal_is_among_the_documents(client, case):
    from awards.models import Appeal, Letter

    application, reader = case
    letter = Letter.objects.get(application=application)
    Appeal.objects.create(
        application=application,
        organisation=application.organisation,
        decision=letter.decision,
        letter=letter,
        grounds="Vi er uenige.",
        lodged_by=reader,
        lodged_at=timezone.now(),
    )
    page = _page(client, application, reader).content.decode()
    assert "Klage sendt" in page
