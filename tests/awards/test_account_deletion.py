"""After an account is deleted, sent letters and invitations keep no trace of its address; while
it exists, the data download lists everything kept about the person."""

import pytest

from applications.models import Invitation, Membership
from applications.people import services as people_services
from awards.letters import services as letter_services
from awards.models import Letter, LetterTemplate
from tests import deciding
from tests.factories import AttachmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(adviser, eligible):
    """Two members of the organisation, a decision letter sent to both, invitations both ways."""
    person = UserFactory(email="kari@example.org")
    colleague = MembershipFactory(
        user=UserFactory(email="ola@example.org"),
        organisation=eligible.organisation,
        role=Membership.Role.ADMIN,
    ).user
    link = lambda token: f"/my/invitations/{token}/"  # noqa: E731
    _invitation, token = people_services.invitation_create(
        organisation=eligible.organisation,
        email="Kari@example.org",
        role=Membership.Role.ADMIN,
        by=colleague,
        link_for=link,
    )
    people_services.invitation_accept(token=token, user=person)
    LetterTemplate.objects.create(
        call=eligible.call, kind=LetterTemplate.Kind.OFFER, subject="Tilbud", body="Brev."
    )
    deciding.decision_make(application=eligible, outcome="award", amount=1_000_000, by=adviser)
    letter = letter_services.letter_send(application=eligible, by=adviser)
    people_services.invitation_create(
        organisation=eligible.organisation,
        email="ny@example.org",
        role=Membership.Role.READER,
        by=person,
        link_for=link,
    )
    AttachmentFactory(application=eligible, uploaded_by=person, name="plan.pdf")
    return person, letter


def test_the_data_download_lists_invitations_letters_and_uploaded_files(client, told):
    person, letter = told
    client.force_login(person)
    data = client.get("/my/data.json").json()
    assert [i["email"] for i in data["invitations_sent"]] == ["ny@example.org"]
    assert len(data["invitations_received"]) == 1
    assert [entry["subject"] for entry in data["letters_received"]] == [letter.subject]
    assert [entry["name"] for entry in data["files_uploaded"]] == ["plan.pdf"]


def test_a_deleted_accounts_address_leaves_letters_and_invitations(told):
    person, letter = told
    people_services.user_delete(user=person)
    letter.refresh_from_db()
    assert "kari@example.org" not in letter.recipients.lower()
    assert "ola@example.org" in letter.recipients
    assert letter_services.DELETED_RECIPIENT in letter.recipients
    assert not any("kari@" in h.recipients.lower() for h in Letter.history.all())
    assert not Invitation.objects.filter(email__iexact="kari@example.org").exists()
    # The letter itself is a case record and stays.
    assert Letter.objects.filter(pk=letter.pk).exists()
