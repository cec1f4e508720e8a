"""Attachments in the private storage, on the file system and on a real S3 server (moto):
upload through the applicant's page, download through the checked view, removal after the
deleting transaction commits, and a clear page when the stored bytes are gone."""

import logging
from pathlib import Path

import pytest
from botocore.config import Config
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse

from applications.models import Attachment, Membership
from tests.factories import DraftFactory, MembershipFactory, UserFactory
from tests.s3 import free_port

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def uploaded(client, private_backend):
    """A draft with one PDF uploaded by its editor through the attachments page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = DraftFactory()
    editor = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    client.force_login(editor.user)
    response = client.post(
        f"/my/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile("Prosjektplan ČÁ.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    return attachment


def _download_url(attachment):
    return reverse(
        "applications:attachment_download",
        kwargs={"pk": attachment.application_id, "attachment_id": attachment.pk},
    )


def test_the_private_storage_follows_the_settings(private_backend):
    backend = Attachment._meta.get_field("file").storage.backend
    expected = "S3Storage" if private_backend.kind == "s3" else "FileSystemStorage"
    assert type(backend).__name__ == expected


def test_an_upload_is_kept_in_the_private_storage(uploaded, private_backend):
    assert private_backend.holds(uploaded.file.name)
    assert uploaded.file.name.startswith(f"applications/{uploaded.application_id}/")


def test_the_owner_downloads_the_same_bytes(client, uploaded):
    response = client.get(_download_url(uploaded))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Prosjektplan%20%C4%8C%C3%81.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_another_organisations_member_gets_no_file(client, uploaded):
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(outsider)
    response = client.get(_download_url(uploaded))
    assert response.status_code == 404
    assert PDF not in response.content


def test_a_person_without_an_organisation_gets_no_file(client, uploaded):
    client.force_login(UserFactory())
    assert client.get(_download_url(uploaded)).status_code == 404


def test_deleting_an_attachment_removes_its_file_after_commit(
    client, uploaded, private_backend, committed
):
    url = f"/my/applications/{uploaded.application_id}/attachments/{uploaded.pk}/delete/"
    with committed():
        response = client.post(url)
        assert response.status_code == 302
        assert private_backend.holds(uploaded.file.name)  # not before the commit
    assert not Attachment.objects.filter(pk=uploaded.pk).exists()
    assert not private_backend.holds(uploaded.file.name)


def test_deleting_an_application_removes_its_files(uploaded, private_backend, committed):
    with committed():
        uploaded.application.delete()
    assert not private_backend.holds(uploaded.file.name)


def test_a_deletion_that_is_rolled_back_keeps_the_file(uploaded, private_backend, committed):
    with committed():
        try:
            with transaction.atomic():
                uploaded.application.delete()
                raise RuntimeError("undo")
        except RuntimeError:
            pass
    assert Attachment.objects.filter(pk=uploaded.pk).exists()
    assert private_backend.holds(uploaded.file.name)


def test_an_adviser_deleting_an_application_in_the_admin_removes_its_files(
    client, uploaded, private_backend, committed
):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:applications_application_delete", args=[uploaded.application_id])
    with committed():
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=uploaded.pk).exists()
    assert not private_backend.holds(uploaded.file.name)


def test_a_missing_file_gives_a_clear_page_and_is_logged(client, uploaded, private_backend, caplog):
    private_backend.remove_behind_the_apps_back(uploaded.file.name)
    with caplog.at_level(logging.WARNING, logger="applications.applying.storage"):
        response = client.get(_download_url(uploaded))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Filen finnes ikke lenger" in html
    assert "«Prosjektplan ČÁ.pdf» er ikke lenger tilgjengelig" in html
    assert f'href="/my/applications/{uploaded.application_id}/summary/"' in html
    assert uploaded.file.name in caplog.text


def _unreachable(settings) -> None:
    """The same S3 bucket, behind an address where nothing listens."""
    private = settings.STORAGES["private"]
    options = {
        **private["OPTIONS"],
        "endpoint_url": f"http://127.0.0.1:{free_port()}",
        "client_config": Config(connect_timeout=1, retries={"max_attempts": 1}),
    }
    settings.STORAGES = {**settings.STORAGES, "private": {**private, "OPTIONS": options}}


def test_an_upload_to_a_storage_that_does_not_answer_is_refused_with_a_message(
    client, private_s3, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = DraftFactory()
    editor = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    client.force_login(editor.user)
    _unreachable(settings)
    response = client.post(
        f"/my/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile("plan.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 200
    assert "fillageret ikke svarer akkurat nå" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_storage_that_does_not_answer_gives_a_try_again_page(
    client, uploaded, private_backend, settings, caplog
):
    if private_backend.kind == "s3":
        _unreachable(settings)
    else:
        # A disk that cannot read the file: a folder where the file was.
        path = Path(storages["private"].path(uploaded.file.name))
        path.unlink()
        path.mkdir()
    with caplog.at_level(logging.ERROR, logger="applications.applying.storage"):
        response = client.get(_download_url(uploaded))
    assert response.status_code == 503
    assert "Filen kan ikke hentes akkurat nå" in response.content.decode()
    assert uploaded.file.name in caplog.text


def test_an_adviser_downloads_a_sent_applications_file_but_not_a_drafts(client, uploaded):
    from awards import roles
    from tests.factories import StaffFactory

    adviser = StaffFactory(group=roles.ADVISER)
    client.force_login(adviser)
    assert client.get(_download_url(uploaded)).status_code == 404  # still a draft
    application = uploaded.application
    application.status = application.Status.SUBMITTED
    application.submitted_at = application.created_at
    application.save()
    response = client.get(_download_url(uploaded))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
