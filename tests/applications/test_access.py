"""Who may see what: every applicant URL and every file download against people who must not."""

import pytest

from applications.models import Membership
from tests.factories import MembershipFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Hemmelig prosjekt om sjømat"

# (method, url pattern, needs edit rights)
APPLICATION_URLS = [
    ("get", "/my/applications/{pk}/", False),
    ("get", "/my/applications/{pk}/summary/", False),
    ("get", "/my/applications/{pk}/receipt/", False),
    ("get", "/my/applications/{pk}/attachments/{attachment}/", False),
    ("get", "/my/applications/{pk}/project/", True),
    ("post", "/my/applications/{pk}/project/", True),
    ("get", "/my/applications/{pk}/partners/", True),
    ("post", "/my/applications/{pk}/partners/", True),
    ("get", "/my/applications/{pk}/partners/{partner}/", True),
    ("post", "/my/applications/{pk}/partners/{partner}/delete/", True),
    ("get", "/my/applications/{pk}/budget/", True),
    ("post", "/my/applications/{pk}/budget/", True),
    ("get", "/my/applications/{pk}/attachments/", True),
    ("post", "/my/applications/{pk}/attachments/", True),
    ("post", "/my/applications/{pk}/attachments/{attachment}/delete/", True),
    ("post", "/my/applications/{pk}/submit/", True),
    ("post", "/my/applications/{pk}/withdraw/", True),
    ("post", "/my/applications/{pk}/continue/", True),
]


@pytest.fixture
def world():
    application = complete_draft(title=SECRET_TITLE)
    application.reference = "KRN-2026-1-900"
    application.submitted_at = application.created_at
    application.save()
    admin = MembershipFactory(organisation=application.organisation, role=Membership.Role.ADMIN)
    reader = MembershipFactory(organisation=application.organisation, role=Membership.Role.READER)
    removed = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    removed_user = removed.user
    removed.delete()
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    return {
        "application": application,
        "admin": admin.user,
        "reader": reader.user,
        "removed": removed_user,
        "outsider": outsider,
        "partner": application.partners.first(),
        "attachment": application.attachments.first(),
    }


def _url(pattern, world):
    return pattern.format(
        pk=world["application"].pk,
        partner=world["partner"].pk,
        attachment=world["attachment"].pk,
    )


def _request(client, method, url):
    if method == "post":
        return client.post(url, {"title": "Overskrevet", "version": "99"})
    return client.get(url)


def _assert_nothing_leaks(response):
    body = b"".join(response) if response.streaming else response.content
    assert SECRET_TITLE.encode() not in body
    assert b"%PDF" not in body


@pytest.mark.parametrize(("method", "pattern", "edit"), APPLICATION_URLS)
def test_a_logged_out_visitor_is_sent_to_log_in(client, world, method, pattern, edit):
    url = _url(pattern, world)
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    _assert_nothing_leaks(response)


@pytest.mark.parametrize("who", ["outsider", "removed"])
@pytest.mark.parametrize(("method", "pattern", "edit"), APPLICATION_URLS)
def test_a_member_of_another_organisation_or_a_removed_member_gets_404(
    client, world, who, method, pattern, edit
):
    client.force_login(world[who])
    response = _request(client, method, _url(pattern, world))
    assert response.status_code == 404
    _assert_nothing_leaks(response)


@pytest.mark.parametrize(("method", "pattern", "edit"), [row for row in APPLICATION_URLS if row[2]])
def test_a_reader_cannot_edit(client, world, method, pattern, edit):
    client.force_login(world["reader"])
    response = _request(client, method, _url(pattern, world))
    assert response.status_code == 403
    _assert_nothing_leaks(response)
    world["application"].refresh_from_db()
    assert world["application"].title == SECRET_TITLE


def test_a_reader_can_read_and_download(client, world):
    client.force_login(world["reader"])
    assert (
        SECRET_TITLE in client.get(_url("/my/applications/{pk}/summary/", world)).content.decode()
    )
    response = client.get(_url("/my/applications/{pk}/attachments/{attachment}/", world))
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="prosjektplan.pdf"')


def test_an_attachment_is_not_reachable_through_another_applications_url(client, world):
    other = complete_draft()
    MembershipFactory(organisation=other.organisation, user=world["outsider"])
    client.force_login(world["outsider"])
    url = f"/my/applications/{other.pk}/attachments/{world['attachment'].pk}/"
    response = client.get(url)
    assert response.status_code == 404
    _assert_nothing_leaks(response)


ORGANISATION_URLS = [
    ("get", "/my/organisations/{org}/people/"),
    ("post", "/my/organisations/{org}/people/"),
    ("post", "/my/organisations/{org}/people/{membership}/"),
    ("post", "/my/organisations/{org}/requests/{request}/"),
]


@pytest.fixture
def org_world(world):
    from tests.factories import AccessRequestFactory

    organisation = world["application"].organisation
    return {
        **world,
        "org": organisation.pk,
        "membership": organisation.memberships.get(user=world["admin"]).pk,
        "request": AccessRequestFactory(organisation=organisation).pk,
    }


@pytest.mark.parametrize("who", ["outsider", "removed", None])
@pytest.mark.parametrize(("method", "pattern"), ORGANISATION_URLS)
def test_organisation_pages_refuse_strangers(client, org_world, who, method, pattern):
    url = pattern.format(**org_world)
    if who:
        client.force_login(org_world[who])
    response = (
        client.post(url, {"email": "x@example.org", "role": "admin", "action": "remove"})
        if (method == "post")
        else client.get(url)
    )
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert Membership.objects.filter(pk=org_world["membership"], role="admin").exists()
    assert b"x@example.org" not in response.content


@pytest.mark.parametrize(("method", "pattern"), ORGANISATION_URLS[1:])
def test_a_reader_cannot_manage_people(client, org_world, method, pattern):
    client.force_login(org_world["reader"])
    response = client.post(
        pattern.format(**org_world),
        {"email": "x@example.org", "role": "reader", "decision": "approve"},
    )
    assert response.status_code in (302, 403)
    assert Membership.objects.filter(pk=org_world["membership"], role="admin").exists()
    assert not Membership.objects.filter(user__email="x@example.org").exists()
    assert org_world["application"].organisation.memberships.count() == 2


def test_the_chosen_organisation_is_rechecked_on_every_request(client, world):
    user = UserFactory()
    membership = MembershipFactory(user=user, organisation=world["application"].organisation)
    MembershipFactory(user=user)
    client.force_login(user)
    client.post("/my/organisation/choose/", {"organisation": membership.organisation_id})
    assert SECRET_TITLE in client.get("/my/").content.decode()
    membership.delete()
    assert SECRET_TITLE not in client.get("/my/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/my/",
        "/my/organisations/new/",
        "/my/data.json",
        "/my/delete-account/",
        "/my/invitations/some-token/",
        "/my/calls/some-call/start/",
        "/accounts/email/",
        "/accounts/password/change/",
    ],
)
def test_personal_pages_need_a_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _adviser():
    from django.contrib.auth.models import Permission

    adviser = UserFactory(is_staff=True)
    adviser.user_permissions.add(
        Permission.objects.get(codename="view_application"),
        Permission.objects.get(codename="manage_assessment"),
    )
    return adviser


def _reviewer():
    from django.contrib.auth.models import Group

    from awards.roles import PARTNER_REVIEWER

    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name=PARTNER_REVIEWER))
    return reviewer


@pytest.mark.parametrize(
    ("assignment", "status"), [(None, 404), ("conflict", 404), ("pending", 404), ("impartial", 200)]
)
def test_a_partner_reviewer_reads_only_attachments_of_applications_they_may_assess(
    client, world, assignment, status
):
    from applications.models import Application
    from tests.factories import ReviewAssignmentFactory

    Application.objects.filter(pk=world["application"].pk).update(status="submitted")
    reviewer = _reviewer()
    if assignment:
        ReviewAssignmentFactory(
            application=world["application"],
            reviewer=reviewer,
            impartiality=assignment,
            conflict_reason="Styremedlem" if assignment == "conflict" else "",
        )
    client.force_login(reviewer)
    response = client.get(_url("/my/applications/{pk}/attachments/{attachment}/", world))
    assert response.status_code == status


def test_staff_without_two_factor_cannot_read_attachments(client, world, settings):
    from applications.models import Application

    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    Application.objects.filter(pk=world["application"].pk).update(status="submitted")
    client.force_login(_adviser())
    response = client.get(_url("/my/applications/{pk}/attachments/{attachment}/", world))
    assert response.status_code == 404


def test_an_adviser_downloads_attachments_of_a_sent_application(client, world):
    from applications.models import Application

    Application.objects.filter(pk=world["application"].pk).update(status="submitted")
    client.force_login(_adviser())
    response = client.get(_url("/my/applications/{pk}/attachments/{attachment}/", world))
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF")


@pytest.mark.parametrize("staff_without_permission", [False, True])
def test_drafts_stay_private_from_advisers_and_staff(client, world, staff_without_permission):
    client.force_login(UserFactory(is_staff=True) if staff_without_permission else _adviser())
    response = client.get(_url("/my/applications/{pk}/attachments/{attachment}/", world))
    assert response.status_code == 404
    _assert_nothing_leaks(response)


def test_an_adviser_cannot_edit_through_the_applicant_pages(client, world):
    from applications.models import Application

    Application.objects.filter(pk=world["application"].pk).update(status="submitted")
    client.force_login(_adviser())
    assert client.get(_url("/my/applications/{pk}/summary/", world)).status_code == 404
    assert client.post(_url("/my/applications/{pk}/withdraw/", world)).status_code == 404
