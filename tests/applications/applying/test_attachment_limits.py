"""How many attachments an application holds, how large they are together, and an upload too
large for the site that is refused while it arrives."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from applications.applying import services
from applications.models import Attachment, Membership
from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(size: int = 0, name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * max(size - len(PDF), 0), "application/pdf")


@pytest.fixture
def draft():
    return DraftFactory()


@pytest.fixture
def editor(draft):
    return MembershipFactory(organisation=draft.organisation, role=Membership.Role.EDITOR).user


def test_a_call_has_sensible_attachment_limits_by_default(draft):
    assert (draft.call.max_attachments, draft.call.max_attachments_total_mb) == (20, 50)


def test_an_application_holds_no_more_attachments_than_the_call_allows(draft, editor):
    draft.call.max_attachments = 2
    draft.call.save()
    for _ in range(2):
        services.attachment_add(application=draft, uploaded=_pdf(), by=editor)
    with pytest.raises(ValidationError, match="allerede 2 vedlegg"):
        services.attachment_add(application=draft, uploaded=_pdf(), by=editor)
    assert Attachment.objects.filter(application=draft).count() == 2


def test_attachments_together_stay_within_the_calls_total(draft, editor):
    draft.call.max_attachments_total_mb = 1
    draft.call.save()
    services.attachment_add(application=draft, uploaded=_pdf(600_000), by=editor)
    with pytest.raises(ValidationError, match="til sammen være 1 MB"):
        services.attachment_add(application=draft, uploaded=_pdf(600_000), by=editor)
    assert Attachment.objects.filter(application=draft).count() == 1


def test_the_attachment_page_says_why_an_upload_is_refused(client, draft, editor):
    draft.call.max_attachments = 1
    draft.call.save()
    client.force_login(editor)
    url = f"/my/applications/{draft.pk}/attachments/"
    client.post(url, {"file": _pdf()})
    response = client.post(url, {"file": _pdf(name="to.pdf")})
    assert response.status_code == 200
    assert "allerede 1 vedlegg" in response.content.decode()


class CountingStream:
    def __init__(self, stream):
        self.stream, self.read_bytes = stream, 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = self.stream.readline(size)
        self.read_bytes += len(data)
        return data


def test_an_upload_past_the_site_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_MB = 1
    request = RequestFactory().post("/x/", {"note": "hei", "file": _pdf(6 * 1024 * 1024)})
    request._stream = counting = CountingStream(request._stream)
    assert "file" not in request.FILES
    assert request.POST["note"] == "hei"
    assert request.upload_refused_mb == 1
    assert counting.read_bytes < 1024 * 1024


def test_an_upload_past_the_site_limit_gets_a_clear_message(settings, client, draft, editor):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(editor)
    url = f"/my/applications/{draft.pk}/attachments/"
    response = client.post(url, {"file": _pdf(3 * 1024 * 1024)})
    assert response.status_code == 200
    assert "Filen er for stor" in response.content.decode()
    assert not Attachment.objects.filter(application=draft).exists()
