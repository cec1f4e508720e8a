"""The edit-conflict handling every section screen shares, on the budget screen."""

import pytest
from django.test import Client

from applications.models import Membership
from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _budget(version, requested):
    return {
        "version": str(version),
        "costs-TOTAL_FORMS": "1",
        "costs-INITIAL_FORMS": "0",
        "costs-0-year": "2026",
        "costs-0-personnel": "1 000 000",
        "requested_amount": requested,
        "own_contribution": "0",
    }


def test_the_second_of_two_editors_of_the_budget_gets_a_conflict_and_keeps_their_numbers():
    application = DraftFactory()
    url = f"/my/applications/{application.pk}/budget/"
    first, second = Client(), Client()
    for client in (first, second):
        member = MembershipFactory(
            organisation=application.organisation, role=Membership.Role.EDITOR
        )
        client.force_login(member.user)
    first.post(url, _budget(0, "700 000"))  # version 0 -> 1
    response = second.post(url, _budget(0, "900 000"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "lagret denne delen etter at du åpnet den" in html
    assert 'value="900 000"' in html  # their typing is kept
    assert 'name="version" value="1"' in html  # bound to the version saved now
    application.refresh_from_db()
    assert application.requested_amount == 700_000
    second.post(url, _budget(1, "900 000"))
    application.refresh_from_db()
    assert application.requested_amount == 900_000
