"""The /my/ pages that span people and applying: the dashboard and the person's data."""

import pytest

from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_person_downloads_their_data_as_json(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.get("/my/data.json")
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["user"]["email"] == membership.user.email
    assert data["memberships"][0]["orgnr"] == membership.organisation.orgnr


def test_the_data_lists_the_applications_the_person_started(client):
    application = DraftFactory(title="Mitt prosjekt")
    membership = MembershipFactory(organisation=application.organisation)
    application.created_by = membership.user
    application.save()
    client.force_login(membership.user)
    data = client.get("/my/data.json").json()
    assert list(data) == [
        "user",
        "email_addresses",
        "idporten",
        "memberships",
        "access_requests",
        "invitations_sent",
        "invitations_received",
        "applications_created",
        "files_uploaded",
        "letters_received",
        "messages_written",
    ]
    assert data["applications_created"] == [
        {
            "reference": None,
            "title": "Mitt prosjekt",
            "organisation": application.organisation.name,
            "status": "draft",
        }
    ]
