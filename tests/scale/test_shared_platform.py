"""The platform as production runs it: two web nodes and a worker, each a process of its own,
sharing one PostgreSQL (the test database), one Redis (the cache) and one S3 server (moto's).

- an attachment uploaded through node A is stored in the bucket and downloaded through node B;
- the letters an adviser sends on node A are made and e-mailed by the worker, not by the web
  request;
- the login rate limit counts failed logins on both nodes together.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection

from applications.models import Membership
from awards import roles
from awards.models import Letter
from tests.config.redis_server import redis_url
from tests.factories import (
    DraftFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
)
from tests.scale.nodes import (
    Browser,
    database_url,
    node_environment,
    start_node,
    start_worker,
    stop,
    wait_until_serving,
)
from tests.scale.test_two_nodes import PASSWORD, PDF, log_in, upload_plan
from tests.workers import decided_award, mail_in

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

WAIT_FOR_WORKER = 60.0


@pytest.fixture
def platform(tmp_path, s3_server):
    """Nodes A and B and one worker on the shared services; all stopped however the test ends."""
    bucket = s3_server.create_bucket()
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    disk = tmp_path / "disk"  # where files would land if a node ignored the bucket
    disk.mkdir()
    with redis_url(db=13) as cache_url:
        environment = node_environment(
            database=database_url(connection.settings_dict),
            private_root=disk,
            **s3_server.environment(bucket),
            DJANGO_CACHE_URL=cache_url,
            DJANGO_CACHE_KEY_PREFIX=f"scale-{uuid.uuid4().hex}",  # nothing left by other runs
            UTLYSNING_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(mail_folder),
        )
        processes, nodes = [], []
        try:
            for name in ("a", "b"):
                node = start_node(name, environment=environment, log_dir=tmp_path)
                nodes.append(node)
                processes.append(node.process)
            processes.append(start_worker("worker", environment=environment, log_dir=tmp_path))
            for node in nodes:
                wait_until_serving(node)
            yield SimpleNamespace(
                a=nodes[0],
                b=nodes[1],
                bucket=bucket,
                s3=s3_server,
                disk=disk,
                mail=mail_folder,
                logs=tmp_path,
            )
        finally:
            for process in processes:
                stop(process)


def _verified_user(email: str):
    user = UserFactory(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_an_attachment_uploaded_through_node_a_is_kept_in_the_bucket_and_served_by_node_b(
    platform,
):
    user = _verified_user("kari@example.org")
    membership = MembershipFactory(user=user, role=Membership.Role.ADMIN)
    application = DraftFactory(organisation=membership.organisation)
    browser = Browser()
    log_in(browser, platform.a, user.email)
    attachment = upload_plan(browser, platform.a, application)

    keys = platform.s3.keys(platform.bucket)
    assert any(key.endswith(attachment.file.name) for key in keys), keys
    assert [p for p in Path(platform.disk).rglob("*") if p.is_file()] == []

    download = browser.get(
        platform.b, f"/my/applications/{application.pk}/attachments/{attachment.pk}/"
    )
    assert download.status == 200
    assert download.body == PDF


def _wait_for_the_worker(application, platform) -> Letter:
    """The worker makes the letter (a letter run) and then e-mails it; until both are done."""
    deadline = time.monotonic() + WAIT_FOR_WORKER
    while time.monotonic() < deadline:
        letter = Letter.objects.filter(application=application).first()
        if letter is not None and letter.delivery_status != Letter.Delivery.QUEUED:
            return letter
        time.sleep(0.5)
    log = (platform.logs / "worker.log").read_text()[-3000:]
    raise AssertionError(f"the worker did not make and send the letter in time:\n{log}")


def test_letters_sent_by_an_adviser_on_node_a_are_emailed_by_the_worker(platform):
    roles.sync_roles()  # the role groups, emptied by the previous transactional test's flush
    adviser = StaffFactory(email="radgiver@example.org", password=PASSWORD, group=roles.ADVISER)
    EmailAddress.objects.create(user=adviser, email=adviser.email, verified=True, primary=True)
    application = decided_award(
        by=adviser, title="Havbruk i nord", recipient="leder@havbruk.no", amount=800_000
    )
    browser = Browser()
    page = browser.get(platform.a, "/accounts/login/")
    response = browser.post(
        platform.a,
        "/accounts/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": page.csrf_token(),
            "login": adviser.email,
            "password": PASSWORD,
            "next": "/admin/",
        },
    )
    assert response.status == 302, response.text[:500]
    send = f"/admin/calls/call/{application.call_id}/letters/send/"
    page = browser.get(platform.a, send)
    assert page.status == 200, page.text[:500]
    response = browser.post(platform.a, send, {"csrfmiddlewaretoken": page.csrf_token()})
    assert response.status == 302, response.text[:500]

    letter = _wait_for_the_worker(application, platform)
    assert Letter.objects.filter(application=application).count() == 1
    assert letter.delivery_status == Letter.Delivery.SENT, letter.delivery_error
    sent = mail_in(platform.mail)
    assert "To: leder@havbruk.no" in sent
    assert f"/my/letters/{letter.pk}/" in sent
    assert letter.document.name, "the worker kept the letter's PDF"
    assert any(key.endswith(letter.document.name) for key in platform.s3.keys(platform.bucket))


def test_failed_logins_on_both_nodes_count_against_one_limit(platform):
    """allauth allows 5 failed logins per address in 5 minutes (ACCOUNT_RATE_LIMITS). Three
    wrong passwords on node A and two on node B, then the right one on B: with a cache per
    process B has seen only two failures and lets the person in; with the shared cache the
    sixth attempt is refused, right password or not."""
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].endswith("5/5m/key")
    user = _verified_user("kari@example.org")
    browser = Browser()

    def attempt(node, password):
        page = browser.get(node, "/accounts/login/")
        return browser.post(
            node,
            "/accounts/login/",
            {"csrfmiddlewaretoken": page.csrf_token(), "login": user.email, "password": password},
        )

    for node in (platform.a, platform.b, platform.a, platform.b, platform.a):
        response = attempt(node, "feil passord")
        assert response.status == 200  # the form again, with the error
    refused = attempt(platform.b, PASSWORD)
    assert refused.status in (200, 429)
    assert refused.location != "/my/"
    assert browser.get(platform.a, "/my/").status == 302, "still not logged in"
