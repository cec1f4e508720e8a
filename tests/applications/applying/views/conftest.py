"""What the applicant's section and submission screens share in their tests."""

import pytest

from applications.models import Membership
from tests.factories import DraftFactory, MembershipFactory


@pytest.fixture
def editor_client(client):
    application = DraftFactory(title="", summary="")
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client.force_login(membership.user)
    client.application = application
    client.user = membership.user
    return client


def project_data(**overrides):
    data = {
        "version": "0",
        "title": "Kompetanse",
        "summary": "Kort",
        "description": "",
        "project_start": "",
        "project_end": "",
        "target_group": "",
        "planned_offer": "",
        "expected_participants": "",
    }
    return {**data, **overrides}
