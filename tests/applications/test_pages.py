"""Every applicant page: one <h1>, the landmarks, and a query count that does not grow with rows."""

import pytest

from applications.models import Membership
from tests.factories import (
    AttachmentFactory,
    MembershipFactory,
    PartnerFactory,
    complete_draft,
)
from tests.html import count_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    application = complete_draft()
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.ADMIN
    )
    client.force_login(membership.user)
    client.values = {
        "pk": application.pk,
        "org": application.organisation_id,
        "call": application.call.slug,
        "partner": application.partners.first().pk,
    }
    client.application = application
    return client


def test_the_receipt_page_has_one_heading(admin_client):
    from applications.applying import submission

    submission.application_submit(
        application=admin_client.application,
        by=admin_client.application.created_by
        or admin_client.application.organisation.memberships.first().user,
    )
    html = admin_client.get("/my/applications/{pk}/receipt/".format(**admin_client.values))
    assert count_tags(html.content.decode(), "h1") == 1


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "pattern", ["/my/", "/my/applications/{pk}/summary/", "/my/applications/{pk}/"]
)
def test_query_count_does_not_grow_with_rows(admin_client, pattern):
    url = pattern.format(**admin_client.values)
    before = _queries(admin_client, url)
    application = admin_client.application
    for _ in range(10):
        PartnerFactory(application=application)
        AttachmentFactory(application=application)
        complete_draft(organisation=application.organisation, one_per_organisation=False)
    assert _queries(admin_client, url) == before


@pytest.mark.parametrize(
    "url",
    [
        "/admin/applications/application/",
        "/admin/applications/application/{pk}/change/",
        "/admin/applications/accessrequest/",
        "/admin/applications/invitation/",
        "/admin/applications/application/?outside_district_area__exact=1",
    ],
)
def test_the_admin_pages_for_applications_work(admin_client, url):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    admin_client.force_login(superuser)
    response = admin_client.get(url.format(**admin_client.values))
    assert response.status_code == 200
    if "change" in url:
        assert "/attachments/" in response.content.decode()
