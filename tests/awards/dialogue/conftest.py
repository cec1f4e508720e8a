"""A sent application with its organisation's people, an adviser and a partner reviewer."""

import pytest

from applications.models import Application, Membership
from awards import roles
from awards.assessment.models import ReviewAssignment
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False


@pytest.fixture
def application():
    return ApplicationFactory(
        status=Application.Status.SUBMITTED, reference="UTL-2026-1-0042", title="Helgeland"
    )


def _member(application, role, email):
    return MembershipFactory(
        organisation=application.organisation, role=role, user__email=email
    ).user


@pytest.fixture
def admin_member(application):
    return _member(application, Membership.Role.ADMIN, "admin@org.no")


@pytest.fixture
def editor(application):
    return _member(application, Membership.Role.EDITOR, "editor@org.no")


@pytest.fixture
def reader(application):
    return _member(application, Membership.Role.READER, "reader@org.no")


@pytest.fixture
def outsider():
    return MembershipFactory(user__email="other@elsewhere.no").user


@pytest.fixture
def adviser():
    return StaffFactory(group=roles.ADVISER, email="adviser@in.no")


@pytest.fixture
def case_owner(application):
    owner = StaffFactory(group=roles.ADVISER, email="owner@in.no")
    CaseFactory(application=application, case_owner=owner)
    return owner


@pytest.fixture
def reviewer(application):
    reviewer = StaffFactory(group=roles.PARTNER_REVIEWER, email="reviewer@fylke.no")
    ReviewAssignmentFactory(
        application=application,
        reviewer=reviewer,
        impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
    )
    return reviewer
