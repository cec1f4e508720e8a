"""The section screens of an application: project, partners, budget and attachments, with bad
input that must never give a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.files import sanitise_filename
from applications.models import Attachment
from tests.applications.applying.views.conftest import project_data
from tests.factories import (
    DraftFactory,
    MembershipFactory,
)
from tests.html import count_tags

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": "<w:document/>",
    }
)


XLSX = _zip(
    {
        "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    }
)


ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def test_a_summary_over_1000_characters_is_refused_and_the_text_is_kept(editor_client):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    long = "x" * 1001
    response = editor_client.post(url, project_data(summary=long, title="Beholdes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sammendraget kan ha høyst 1 000 tegn (du har skrevet 1001)" in html
    assert 'value="Beholdes"' in html
    assert long in html
    assert count_tags(html, "h1") == 1


def test_an_end_date_before_the_start_is_refused(editor_client):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    response = editor_client.post(
        url, project_data(project_start="2027-01-01", project_end="2026-01-01")
    )
    assert "Prosjektslutt må være samme dag som eller etter start" in response.content.decode()


@pytest.mark.parametrize("value", ["31.02.2026", "i morgen", "2026-13-40", "9" * 50])
def test_nonsense_dates_are_refused_without_a_500(editor_client, value):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    response = editor_client.post(url, project_data(project_start=value))
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_html_in_text_is_shown_escaped(editor_client):
    application = editor_client.application
    url = f"/my/applications/{application.pk}/project/"
    editor_client.post(url, project_data(title='<script>alert("x")</script><b>fet</b>'))
    html = editor_client.get(f"/my/applications/{application.pk}/summary/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_second_of_two_editors_gets_a_conflict_and_keeps_their_text(editor_client):
    application = editor_client.application
    url = f"/my/applications/{application.pk}/project/"
    other = MembershipFactory(organisation=application.organisation, role="editor").user
    editor_client.post(url, project_data(title="Min tekst"))  # version 0 -> 1
    from django.test import Client

    colleague = Client()
    colleague.force_login(other)
    response = colleague.post(url, project_data(title="Kollegaens tekst", version="0"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "lagret denne delen etter at du åpnet den" in html
    assert 'value="Kollegaens tekst"' in html  # their typing is kept
    assert "Min tekst" in html  # the other person's saved change is shown
    application.refresh_from_db()
    assert application.title == "Min tekst"
    # Saving again (now with the current version) overwrites knowingly.
    colleague.post(url, project_data(title="Kollegaens tekst", version="1"))
    application.refresh_from_db()
    assert application.title == "Kollegaens tekst"


def test_the_task_list_shows_who_saved_last(editor_client):
    application = editor_client.application
    editor_client.post(f"/my/applications/{application.pk}/project/", project_data())
    html = editor_client.get(f"/my/applications/{application.pk}/").content.decode()
    assert f"av {editor_client.user.email}" in html
    assert "Påbegynt" in html and "Ikke påbegynt" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "negativt"),
        ("−5 000", "negativt"),
        ("1500,50", "hele kroner"),
        ("1.5", "hele kroner"),
        ("mange penger", "med tall"),
        ("99999999999999999999", "urimelig stort"),
        ("١٢٣", "med tall"),
    ],
)
def test_bad_amounts_are_refused_on_the_page_and_kept(editor_client, typed, message):
    url = f"/my/applications/{editor_client.application.pk}/budget/"
    response = editor_client.post(
        url,
        {
            "version": "0",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "0",
            "costs-0-year": "2026",
            "costs-0-personnel": typed,
            "requested_amount": "1 000 000",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html
    assert 'value="1 000 000"' in html
    assert not editor_client.application.cost_lines.exists()


def test_a_saved_budget_that_does_not_balance_is_kept_and_explained(editor_client):
    application = editor_client.application
    url = f"/my/applications/{application.pk}/budget/"
    response = editor_client.post(
        url,
        {
            "version": "0",
            "then": "stay",
            "costs-TOTAL_FORMS": "2",
            "costs-INITIAL_FORMS": "0",
            "costs-0-year": "2026",
            "costs-0-personnel": "1 500 000 kr",
            "costs-1-year": "",
            "requested_amount": "3 500 000",
            "own_contribution": "100 000",
        },
        follow=True,
    )
    html = response.content.decode()
    application.refresh_from_db()
    assert application.requested_amount == 3_500_000
    assert "må være lik kostnadsplanen" in html
    assert "høyst 3\u00a0000\u00a0000\u00a0kr" in html
    assert "minst 30 %" in html


def _upload(client, name, content, content_type="application/pdf"):
    url = f"/my/applications/{client.application.pk}/attachments/"
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type)}, follow=True)


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", PDF), ("plan.docx", DOCX), ("budsjett.xlsx", XLSX), ("plan.odt", ODT)],
)
def test_allowed_file_types_are_accepted(editor_client, name, content):
    response = _upload(editor_client, name, content)
    assert response.status_code == 200
    attachment = Attachment.objects.get(application=editor_client.application)
    assert attachment.name == name
    assert str(attachment.file.storage.location) not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "ikke en PDF-"),
        ("plan.docx", b"PK\x03\x04garbage", "ikke en PDF-"),
        ("plan.pdf", DOCX, "innholdet er Word"),
        ("tom.pdf", b"", "tom"),
        ("zip.docx", _zip({"a.txt": "x"}), "ikke en PDF-"),
    ],
)
def test_bad_files_are_refused(editor_client, name, content, message):
    response = _upload(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.filter(application=editor_client.application).exists()


def test_an_oversized_file_is_refused(editor_client):
    call = editor_client.application.call
    call.max_attachment_mb = 1
    call.save()
    response = _upload(editor_client, "stor.pdf", PDF + b"0" * (1024 * 1024))
    assert "Filen er for stor" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_path_in_the_file_name_is_removed(editor_client):
    _upload(editor_client, "../../etc/passwd.pdf", PDF)
    attachment = Attachment.objects.get()
    assert attachment.name == "passwd.pdf"
    assert ".." not in attachment.file.name
    assert sanitise_filename("../../etc/passwd", extension="pdf") == "passwd.pdf"
    assert sanitise_filename('..\\..\\<script>"x".pdf', extension="pdf") == "scriptx.pdf"
    assert sanitise_filename("", extension="pdf") == "vedlegg.pdf"


def test_attachments_are_stored_outside_media_and_static(settings, editor_client):
    _upload(editor_client, "plan.pdf", PDF)
    path = Attachment.objects.get().file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))


def test_an_expired_session_returns_to_the_same_draft_after_login(client):
    application = DraftFactory()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    url = f"/my/applications/{application.pk}/project/"
    response = client.get(url)
    assert response["Location"] == f"/accounts/login/?next={url}"
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        response["Location"],
        {"login": user.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_conflicting_partner_change_is_shown_not_saved(client):
    from tests.factories import PartnerFactory

    partner = PartnerFactory(name="Opprinnelig")
    application = partner.application
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    url = f"/my/applications/{application.pk}/partners/{partner.pk}/"
    data = {"name": "Min endring", "role": partner.role, "version": "0", "orgnr": ""}
    application.section_versions = {"partners": 3}
    application.save()
    html = client.post(url, data).content.decode()
    assert "lagret denne delen etter at du åpnet den" in html
    assert 'value="Min endring"' in html
    partner.refresh_from_db()
    assert partner.name == "Opprinnelig"
