"""A draft whose call has closed says on its pages that it can no longer be sent."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Membership
from tests.factories import CallFactory, MembershipFactory, complete_draft

pytestmark = pytest.mark.django_db
BANNER = "kan ikke sendes lenger"


def _editor_client(client, application):
    user = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    client.force_login(user.user)
    return client


def test_a_draft_past_the_deadline_shows_the_banner(client):
    application = complete_draft(call=CallFactory())  # closed in March 2026
    _editor_client(client, application)
    for url in (
        f"/my/applications/{application.pk}/",
        f"/my/applications/{application.pk}/project/",
    ):
        html = client.get(url).content.decode()
        assert BANNER in html, url


def test_a_draft_before_the_deadline_has_no_banner(client):
    now = timezone.now()
    call = CallFactory(opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3))
    application = complete_draft(call=call)
    _editor_client(client, application)
    assert BANNER not in client.get(f"/my/applications/{application.pk}/").content.decode()
