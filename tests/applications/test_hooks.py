"""The doors applications opens on /my/ and for staff, filled here by test registrations."""

import pytest

from applications import hooks
from applications.models import Application, Membership
from tests.factories import DraftFactory, MembershipFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def template_dir(settings, tmp_path):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    return tmp_path


def _member(application, role=Membership.Role.EDITOR):
    return MembershipFactory(organisation=application.organisation, role=role).user


def test_an_extra_shows_beside_each_application_on_my_page(client, template_dir):
    (template_dir / "row.html").write_text('<span class="row-extra">{{ application.pk }}</span>')
    first = DraftFactory()
    second = DraftFactory(organisation=first.organisation)
    prepared = []
    with hooks.my_application.replaced():
        hooks.my_application.register(key="test", template="row.html", prepare=prepared.append)
        client.force_login(_member(first))
        html = client.get("/my/").content.decode()
    assert f'<span class="row-extra">{first.pk}</span>' in html
    assert f'<span class="row-extra">{second.pk}</span>' in html
    assert len(prepared) == 1
    assert {a.pk for a in prepared[0]} == {first.pk, second.pk}


def test_a_panel_on_my_page_gets_the_membership_and_the_person(client, template_dir):
    (template_dir / "panel.html").write_text(
        '<section id="panel">{{ membership.organisation.name }} {{ user.email }} {{ n }}</section>'
    )
    membership = MembershipFactory()
    with hooks.dashboard.replaced():
        hooks.dashboard.register(
            key="test", template="panel.html", context=lambda membership, user, **_: {"n": 3}
        )
        client.force_login(membership.user)
        html = client.get("/my/").content.decode()
    expected = f"{membership.organisation.name} {membership.user.email} 3"
    assert f'<section id="panel">{expected}</section>' in html


def test_a_panel_can_stay_away(client, template_dir):
    (template_dir / "panel.html").write_text('<section id="panel"></section>')
    with hooks.dashboard.replaced():
        hooks.dashboard.register(key="test", template="panel.html", context=lambda **_: None)
        client.force_login(UserFactory())
        html = client.get("/my/").content.decode()
    assert 'id="panel"' not in html


def _sent_with_attachment():
    application = complete_draft()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    return application


def _download(client, application):
    attachment = application.attachments.get()
    return client.get(f"/my/applications/{application.pk}/attachments/{attachment.pk}/")


def test_with_no_staff_reader_registered_staff_read_nothing(client):
    application = _sent_with_attachment()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with hooks.staff_readers.replaced():
        assert _download(client, application).status_code == 404


def test_a_registered_staff_reader_decides_with_the_sent_application(client):
    application = _sent_with_attachment()
    staff = UserFactory(is_staff=True)
    asked = []

    def may_read(*, user, applications):
        asked.append((user, list(applications)))
        return True

    client.force_login(staff)
    with hooks.staff_readers.replaced():
        hooks.staff_readers.register(key="test", predicate=may_read)
        response = _download(client, application)
    assert response.status_code == 200
    assert asked == [(staff, [application])]


def test_a_staff_reader_is_never_asked_about_a_draft(client):
    application = complete_draft()
    client.force_login(UserFactory(is_staff=True))
    with hooks.staff_readers.replaced():
        hooks.staff_readers.register(
            key="test", predicate=lambda *, user, applications: applications.exists()
        )
        assert _download(client, application).status_code == 404


def test_people_who_are_not_staff_are_not_asked_about(client):
    application = _sent_with_attachment()
    client.force_login(UserFactory())
    with hooks.staff_readers.replaced():
        hooks.staff_readers.register(key="test", predicate=lambda **_: True)
        assert _download(client, application).status_code == 404


def test_applications_offers_to_start_an_application_on_an_open_calls_page(client):
    from calls import hooks as call_hooks

    assert "applications.start" in call_hooks.call_actions
    call = DraftFactory().call  # open now
    html = client.get(f"/calls/{call.slug}/").content.decode()
    assert f'href="/my/calls/{call.slug}/start/">Start søknad</a>' in html
