"""A rejected application whose letter reached the organisation, its people and advisers."""

import pytest

from applications.models import Membership
from awards import roles
from awards.letters import services as letter_services
from awards.models import Letter
from tests import deciding
from tests.factories import MembershipFactory, StaffFactory


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False


@pytest.fixture(autouse=True)
def _letters_without_pdf_at_delivery(monkeypatch):
    """The e-mail of a letter goes out without rendering its PDF first (the PDF tests are in
    tests/awards/letters/); a letter's PDF is still made when it is opened, as the bundle does."""
    from awards.letters import delivery

    monkeypatch.setattr(delivery, "letter_document_store", lambda *, letter: letter)


def _member(application, role, email):
    return MembershipFactory(
        organisation=application.organisation, role=role, user__email=email
    ).user


@pytest.fixture
def admin_member(eligible):
    return _member(eligible, Membership.Role.ADMIN, "admin@org.no")


@pytest.fixture
def editor(eligible):
    return _member(eligible, Membership.Role.EDITOR, "editor@org.no")


@pytest.fixture
def reader(eligible):
    return _member(eligible, Membership.Role.READER, "reader@org.no")


@pytest.fixture
def outsider():
    return MembershipFactory(role=Membership.Role.ADMIN, user__email="other@elsewhere.no").user


@pytest.fixture
def handler():
    return StaffFactory(username="handler", group=roles.ADVISER, email="handler@in.no")


@pytest.fixture
def rejected(adviser, eligible, admin_member, committed):
    """The decision letter sent and its e-mail notice gone out (the worker ran)."""
    deciding.decision_make(
        application=eligible,
        outcome="reject",
        rejection_reason="low_score",
        rejection_text="Svak forankring.",
        by=adviser,
    )
    with committed():
        letter_services.letter_send(application=eligible, by=adviser)
    letter = Letter.objects.get(application=eligible)
    assert letter.delivered_at is not None
    return letter
