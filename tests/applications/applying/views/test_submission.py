"""Starting an application, its summary, sending it, the receipt, and continuing an invited sketch."""

import pytest

from applications.models import Application, Membership
from awards.demo.load import OPEN_CALL_SLUG, load_demo
from tests.applications.applying.views.conftest import project_data
from tests.factories import (
    CallFactory,
    DraftFactory,
    MembershipFactory,
    complete_draft,
    invited_sketch,
)
from tests.html import count_tags

pytestmark = pytest.mark.django_db


def test_submitting_leads_to_a_printable_receipt(client):
    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    response = client.post(f"/my/applications/{application.pk}/submit/", follow=True)
    application.refresh_from_db()
    assert response.redirect_chain[-1][0] == f"/my/applications/{application.pk}/receipt/"
    html = response.content.decode()
    assert application.reference in html
    assert "data-print" in html  # static/js/site.js prints the page
    assert count_tags(html, "h1") == 1


def test_a_submitted_application_cannot_be_edited_through_the_pages(client):
    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    client.post(f"/my/applications/{application.pk}/submit/")
    response = client.post(
        f"/my/applications/{application.pk}/project/", project_data(title="Endret"), follow=True
    )
    assert "kan ikke endres" in response.content.decode()
    application.refresh_from_db()
    assert application.title != "Endret"


def test_the_summary_lists_each_problem_with_a_link_to_its_field(editor_client):
    application = editor_client.application
    html = editor_client.get(f"/my/applications/{application.pk}/summary/").content.decode()
    assert f'href="/my/applications/{application.pk}/project/#id_title"' in html
    assert f'href="/my/applications/{application.pk}/budget/#id_requested_amount"' in html


def test_the_call_page_offers_to_start_and_the_demo_applicant_can(client):
    load_demo()
    html = client.get(f"/calls/{OPEN_CALL_SLUG}/").content.decode()
    assert "Start søknad" in html
    user = Membership.objects.get(user__email="soker@utlysning.example").user
    client.force_login(user)
    response = client.post(f"/my/calls/{OPEN_CALL_SLUG}/start/", follow=True)
    assert response.status_code == 200
    application = Application.objects.get(call__slug=OPEN_CALL_SLUG, created_by=user)
    assert response.redirect_chain[-1][0] == f"/my/applications/{application.pk}/"


def test_a_sketch_call_offers_to_send_a_sketch(client):
    call = CallFactory(
        stage="sketch",
        opens_at=CallFactory._meta.model._meta.get_field("opens_at").to_python(
            "2020-01-01T00:00:00+01:00"
        ),
        closes_at=CallFactory._meta.model._meta.get_field("closes_at").to_python(
            "2099-01-01T00:00:00+01:00"
        ),
    )
    assert "Send prosjektskisse" in client.get(f"/calls/{call.slug}/").content.decode()


def test_an_invited_sketch_is_continued_from_my_page(client):
    from calls.models import Call

    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = invited_sketch(call=sketch_call)
    full_call = CallFactory(
        sketch_call=sketch_call,
        opens_at=sketch.call.opens_at,
        closes_at=DraftFactory().call.closes_at,
    )
    user = MembershipFactory(organisation=sketch.organisation, role="editor").user
    client.force_login(user)
    html = client.get("/my/").content.decode()
    assert "er invitert til søknad" in html
    response = client.post(f"/my/applications/{sketch.pk}/continue/", follow=True)
    application = Application.objects.get(sketch=sketch)
    assert application.call == full_call
    assert response.redirect_chain[-1][0] == f"/my/applications/{application.pk}/"
    assert sketch.title in response.content.decode()


def test_starting_again_leads_to_the_existing_application(client):
    application = DraftFactory()
    user = MembershipFactory(organisation=application.organisation, role="admin").user
    client.force_login(user)
    response = client.post(f"/my/calls/{application.call.slug}/start/", follow=True)
    assert response.redirect_chain[-1][0] == f"/my/applications/{application.pk}/"
    assert "har allerede en søknad" in response.content.decode()


def test_the_receipt_mail_links_to_the_receipt_page(client, committed):
    from django.core import mail

    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    with committed():
        client.post(f"/my/applications/{application.pk}/submit/")
    assert f"http://testserver/my/applications/{application.pk}/receipt/" in mail.outbox[-1].body
