"""Two web nodes, started as their own processes, share one PostgreSQL and the private storage.

What one node writes the other must read: a session made on node A works on node B, and an
attachment uploaded through A is downloaded through B. The nodes run the test settings against
the test database (committed data: ``transaction=True``).

Further shared services get a check of their own here, each with the ``two_nodes`` fixture: the
nodes' environment (``node_environment(**extra)``) takes the S3 and cache variables, and
``start_worker`` in ``tests/scale/nodes.py`` starts ``manage.py db_worker`` on the same database.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection

from applications.models import Attachment, Membership
from tests.factories import DraftFactory, MembershipFactory, UserFactory
from tests.scale.nodes import (
    Browser,
    database_url,
    node_environment,
    start_node,
    stop,
    wait_until_serving,
)

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def two_nodes(tmp_path):
    """Nodes A and B; both are stopped when the test ends, however it ends."""
    environment = node_environment(
        database=database_url(connection.settings_dict),
        private_root=settings.PRIVATE_MEDIA_ROOT,
    )
    nodes = []
    try:
        for name in ("a", "b"):
            nodes.append(start_node(name, environment=environment, log_dir=tmp_path))
        for node in nodes:
            wait_until_serving(node)
        yield nodes
    finally:
        for node in nodes:
            stop(node.process)


@pytest.fixture
def applicant():
    user = UserFactory(email="kari@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership = MembershipFactory(user=user, role=Membership.Role.ADMIN)
    application = DraftFactory(organisation=membership.organisation)
    return user, application


def log_in(browser: Browser, node, email: str) -> None:
    page = browser.get(node, "/accounts/login/")
    assert page.status == 200
    response = browser.post(
        node,
        "/accounts/login/",
        {"csrfmiddlewaretoken": page.csrf_token(), "login": email, "password": PASSWORD},
    )
    assert (response.status, response.location) == (302, "/my/"), response.text[:500]


def upload_plan(browser: Browser, node, application) -> Attachment:
    """The applicant uploads a project plan on the attachments page of ``node``."""
    path = f"/my/applications/{application.pk}/attachments/"
    page = browser.get(node, path)
    assert page.status == 200
    response = browser.upload(
        node,
        path,
        {"csrfmiddlewaretoken": page.csrf_token()},
        field_name="file",
        filename="prosjektplan.pdf",
        content=PDF,
        kind="application/pdf",
    )
    assert (response.status, response.location) == (302, path), response.text[:500]
    return Attachment.objects.get(application=application)


def test_a_session_made_on_one_node_works_on_the_other(two_nodes, applicant):
    node_a, node_b = two_nodes
    user, _application = applicant
    browser = Browser()
    assert browser.get(node_b, "/my/").status == 302  # not logged in anywhere yet
    log_in(browser, node_a, user.email)
    page = browser.get(node_b, "/my/")
    assert page.status == 200
    assert 'action="/accounts/logout/"' in page.text


def test_an_attachment_uploaded_through_one_node_downloads_through_the_other(two_nodes, applicant):
    node_a, node_b = two_nodes
    user, application = applicant
    browser = Browser()
    log_in(browser, node_a, user.email)
    attachment = upload_plan(browser, node_a, application)

    download = browser.get(
        node_b, f"/my/applications/{application.pk}/attachments/{attachment.pk}/"
    )

    assert download.status == 200
    assert download.body == PDF
    assert "prosjektplan.pdf" in download.headers["Content-Disposition"]


def test_a_stranger_gets_nothing_through_the_other_node(two_nodes, applicant):
    """The download is checked on the node that serves it, not only where it was uploaded."""
    node_a, node_b = two_nodes
    user, application = applicant
    owner = Browser()
    log_in(owner, node_a, user.email)
    attachment = upload_plan(owner, node_a, application)
    stranger = UserFactory(email="ola@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=stranger, email=stranger.email, verified=True, primary=True)
    other = Browser()
    log_in(other, node_b, stranger.email)

    path = f"/my/applications/{application.pk}/attachments/{attachment.pk}/"
    assert other.get(node_b, path).status == 404
