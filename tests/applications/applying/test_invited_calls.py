"""Second-stage calls: the invited sketch's attachments follow it, only the invited see the call
on /my/, and a call one cannot start on shows why instead of a start button."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.applying import submission
from applications.models import Membership
from calls.models import Call
from tests.factories import (
    AttachmentFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    invited_sketch,
)

pytestmark = pytest.mark.django_db
START_BUTTON = 'data-variant="primary">Start søknad</button>'


def _open_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30), **kwargs
    )


@pytest.fixture
def sketch_call():
    return CallFactory(stage=Call.Stage.SKETCH)


def test_the_sketch_attachments_are_copied_into_the_full_application(sketch_call):
    sketch = invited_sketch(call=sketch_call)
    original = AttachmentFactory(application=sketch, name="budsjett.pdf")
    _open_call(sketch_call=sketch_call)
    user = MembershipFactory(organisation=sketch.organisation, role=Membership.Role.EDITOR).user
    application = submission.application_from_sketch(sketch=sketch, by=user)
    assert application.attachments.count() == sketch.attachments.count() == 2
    copied = application.attachments.get(name="budsjett.pdf")
    assert copied.file.name != original.file.name
    with copied.file.open("rb") as new, original.file.open("rb") as old:
        assert new.read() == old.read()


def test_my_page_offers_the_invitation_only_call_only_to_the_invited(client, sketch_call):
    invitation_only = _open_call(sketch_call=sketch_call, title="Trinn to for inviterte")
    everyone = _open_call(title="Åpen for alle")
    outsider = MembershipFactory(organisation=OrganisationFactory()).user
    client.force_login(outsider)
    calls = client.get("/my/").context["open_calls"]
    assert everyone in calls
    assert invitation_only not in calls

    sketch = invited_sketch(call=sketch_call)
    invited = MembershipFactory(organisation=sketch.organisation).user
    client.force_login(invited)
    assert invitation_only in client.get("/my/").context["open_calls"]


def test_a_closed_call_shows_why_instead_of_a_start_button(client):
    call = CallFactory()  # closed in March 2026
    client.force_login(MembershipFactory().user)
    html = client.get(f"/my/calls/{call.slug}/start/").content.decode()
    assert START_BUTTON not in html
    assert "Utlysningen er ikke åpen" in html


def test_an_invitation_only_call_shows_why_instead_of_a_start_button(client, sketch_call):
    call = _open_call(sketch_call=sketch_call)
    client.force_login(MembershipFactory().user)
    html = client.get(f"/my/calls/{call.slug}/start/").content.decode()
    assert START_BUTTON not in html
    assert "for inviterte" in html


def test_an_open_call_still_has_its_start_button(client):
    call = _open_call()
    client.force_login(MembershipFactory().user)
    assert START_BUTTON in client.get(f"/my/calls/{call.slug}/start/").content.decode()
