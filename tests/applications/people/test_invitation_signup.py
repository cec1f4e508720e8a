"""Someone invited who has no account signs up and comes back to the invitation."""

import re

import pytest
from django.core import mail

from applications.models import Membership
from applications.people import services
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_an_invited_newcomer_signs_up_verifies_and_lands_on_the_invitation(client, committed):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    _invitation, token = services.invitation_create(
        organisation=admin.organisation,
        email="ny@example.org",
        role=Membership.Role.EDITOR,
        by=admin.user,
        link_for=lambda t: f"http://testserver/my/invitations/{t}/",
    )
    invitation_path = f"/my/invitations/{token}/"

    login = client.get(invitation_path)
    assert login.status_code == 302
    signup = re.search(
        r'href="(/accounts/signup/\?next=[^"]+)"', client.get(login["Location"]).content.decode()
    )
    assert signup, "the login page offers to sign up and keeps where the person was going"
    signup_url = signup.group(1).replace("&amp;", "&")
    with committed():
        response = client.post(
            signup_url,
            {
                "full_name": "Ola Nordmann",
                "email": "ny@example.org",
                "password1": "Svært-hemmelig-9",
                "password2": "Svært-hemmelig-9",
                "next": invitation_path,
            },
        )
    assert response.status_code == 302
    confirm = re.search(r"(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(confirm)
    assert response["Location"] == invitation_path

    accepted = client.post(invitation_path)
    assert accepted.status_code == 302
    assert Membership.objects.get(user__email="ny@example.org").role == Membership.Role.EDITOR
