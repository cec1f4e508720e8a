"""Applicant pages: the flow through the views, bad input that must never give a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.amounts import parse_kroner
from applications.files import sanitise_filename
from applications.models import Application, Attachment, Membership, Organisation
from awards.demo import OPEN_CALL_SLUG, load_demo
from tests.factories import (
    CallFactory,
    DraftFactory,
    MembershipFactory,
    UserFactory,
    complete_draft,
    invited_sketch,
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


@pytest.fixture
def editor_client(client):
    application = DraftFactory(title="", summary="")
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client.force_login(membership.user)
    client.application = application
    client.user = membership.user
    return client


def _project_data(**overrides):
    data = {
        "version": "0",
        "title": "Kompetanse",
        "summary": "Kort",
        "description": "",
        "project_start": "",
        "project_end": "",
        "target_group": "",
        "planned_offer": "",
        "expected_participants": "",
    }
    return {**data, **overrides}


# Organisations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        ("974 760 674", "kontrollsifferet stemmer ikke"),
        ("12345", "må ha 9 sifre"),
        ("abc def ghi", "bare inneholde sifre"),
        ("<script>alert(1)</script>", "bare inneholde sifre"),
        ("9" * 200, "for langt"),
    ],
)
def test_a_bad_organisation_number_is_shown_with_a_message(client, orgnr, message):
    client.force_login(UserFactory())
    response = client.post(
        "/my/organisations/new/", {"orgnr": orgnr, "name": "Klyngen", "kind": "cluster"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="Klyngen"' in html  # what was typed is kept
    assert not Organisation.objects.filter(name="Klyngen").exists()


def test_registering_an_organisation_then_seeing_it_on_my_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/my/organisations/new/",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster", "website": "klyngen.no"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/my/"
    assert "Du handler for Klyngen som Administrator" in response.content.decode()


# Project section ------------------------------------------------------------------------------


def test_a_summary_over_1000_characters_is_refused_and_the_text_is_kept(editor_client):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    long = "x" * 1001
    response = editor_client.post(url, _project_data(summary=long, title="Beholdes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sammendraget kan ha høyst 1 000 tegn (du har skrevet 1001)" in html
    assert 'value="Beholdes"' in html
    assert long in html
    assert count_tags(html, "h1") == 1


def test_an_end_date_before_the_start_is_refused(editor_client):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    response = editor_client.post(
        url, _project_data(project_start="2027-01-01", project_end="2026-01-01")
    )
    assert "Prosjektslutt må være samme dag som eller etter start" in response.content.decode()


@pytest.mark.parametrize("value", ["31.02.2026", "i morgen", "2026-13-40", "9" * 50])
def test_nonsense_dates_are_refused_without_a_500(editor_client, value):
    url = f"/my/applications/{editor_client.application.pk}/project/"
    response = editor_client.post(url, _project_data(project_start=value))
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_html_in_text_is_shown_escaped(editor_client):
    application = editor_client.application
    url = f"/my/applications/{application.pk}/project/"
    editor_client.post(url, _project_data(title='<script>alert("x")</script><b>fet</b>'))
    html = editor_client.get(f"/my/applications/{application.pk}/summary/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_second_of_two_editors_gets_a_conflict_and_keeps_their_text(editor_client):
    application = editor_client.application
    url = f"/my/applications/{application.pk}/project/"
    other = MembershipFactory(organisation=application.organisation, role="editor").user
    editor_client.post(url, _project_data(title="Min tekst"))  # version 0 -> 1
    from django.test import Client

    colleague = Client()
    colleague.force_login(other)
    response = colleague.post(url, _project_data(title="Kollegaens tekst", version="0"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "lagret denne delen etter at du åpnet den" in html
    assert 'value="Kollegaens tekst"' in html  # their typing is kept
    assert "Min tekst" in html  # the other person's saved change is shown
    application.refresh_from_db()
    assert application.title == "Min tekst"
    # Saving again (now with the current version) overwrites knowingly.
    colleague.post(url, _project_data(title="Kollegaens tekst", version="1"))
    application.refresh_from_db()
    assert application.title == "Kollegaens tekst"


def test_the_task_list_shows_who_saved_last(editor_client):
    application = editor_client.application
    editor_client.post(f"/my/applications/{application.pk}/project/", _project_data())
    html = editor_client.get(f"/my/applications/{application.pk}/").content.decode()
    assert f"av {editor_client.user.email}" in html
    assert "Påbegynt" in html and "Ikke påbegynt" in html


# Budget ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 500 000", 1_500_000),
        ("1 500 000 kr", 1_500_000),
        ("1\u00a0500\u00a0000\u00a0kr", 1_500_000),
        ("kr 1.500.000,-", 1_500_000),
        ("NOK 250000", 250_000),
        ("0", 0),
        ("", None),
    ],
)
def test_norwegian_amounts_are_understood(typed, expected):
    assert parse_kroner(typed) == expected


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


# Attachments ----------------------------------------------------------------------------------


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


# Submit, receipt, read-only ------------------------------------------------------------------


def test_submitting_leads_to_a_printable_receipt(client):
    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    response = client.post(f"/my/applications/{application.pk}/submit/", follow=True)
    application.refresh_from_db()
    assert response.redirect_chain[-1][0] == f"/my/applications/{application.pk}/receipt/"
    html = response.content.decode()
    assert application.reference in html
    assert "window.print()" in html
    assert count_tags(html, "h1") == 1


def test_a_submitted_application_cannot_be_edited_through_the_pages(client):
    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    client.post(f"/my/applications/{application.pk}/submit/")
    response = client.post(
        f"/my/applications/{application.pk}/project/", _project_data(title="Endret"), follow=True
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


# Personal data --------------------------------------------------------------------------------


def test_a_person_downloads_their_data_as_json(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.get("/my/data.json")
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["user"]["email"] == membership.user.email
    assert data["memberships"][0]["orgnr"] == membership.organisation.orgnr


def test_deleting_the_account_needs_a_confirmation_and_then_logs_out(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    assert "ds-error-summary" in client.post("/my/delete-account/", {}).content.decode()
    response = client.post("/my/delete-account/", {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert not type(membership.user).objects.filter(pk=membership.user.pk).exists()
    assert Organisation.objects.filter(pk=membership.organisation_id).exists()


def test_the_last_administrator_is_told_to_hand_over_first(client):
    admin = MembershipFactory(role="admin")
    MembershipFactory(organisation=admin.organisation, role="editor")
    client.force_login(admin.user)
    html = client.get("/my/delete-account/").content.decode()
    assert "Gi en av dem administratorrollen" in html
    html = client.post("/my/delete-account/", {"confirm": "on"}).content.decode()
    assert "eneste administratoren" in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_registering_never_redirects_to_another_site(client, target):
    client.force_login(UserFactory())
    response = client.post(
        f"/my/organisations/new/?next={target}",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster"},
    )
    assert response["Location"] == "/my/"


def test_registering_from_the_start_page_returns_there(client):
    call = complete_draft().call
    client.force_login(UserFactory())
    start = f"/my/calls/{call.slug}/start/"
    html = client.get(start).content.decode()
    assert f"/my/organisations/new/?next={start}" in html
    response = client.post(
        f"/my/organisations/new/?next={start}",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster"},
    )
    assert response["Location"] == start


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


GARBAGE = {
    "version": "not-a-number",
    "title": "\x00<script>",
    "costs-TOTAL_FORMS": "9999999999",
    "costs-INITIAL_FORMS": "x",
    "requested_amount": "1e9",
    "role": "superuser",
    "municipality": "999999999",
    "organisation": "abc",
    "decision": "maybe",
    "action": "explode",
    "county": "-1",
    "kind": "<b>",
    "orgnr": "NO",
    "email": "not-an-email",
    "project_start": "0000-00-00",
    "expected_participants": "-5",
}


@pytest.mark.parametrize(
    "pattern",
    [
        "/my/organisation/choose/",
        "/my/organisations/new/",
        "/my/organisations/{org}/people/",
        "/my/organisations/{org}/people/{membership}/",
        "/my/invitations/x/",
        "/my/delete-account/",
        "/my/calls/{call}/start/",
        "/my/applications/{pk}/project/",
        "/my/applications/{pk}/partners/",
        "/my/applications/{pk}/partners/{partner}/",
        "/my/applications/{pk}/budget/",
        "/my/applications/{pk}/attachments/",
        "/my/applications/{pk}/submit/",
        "/my/applications/{pk}/withdraw/",
        "/my/applications/{pk}/continue/",
    ],
)
@pytest.mark.parametrize("version", ["not-a-number", "0"])
def test_garbage_posted_anywhere_never_gives_a_500(client, pattern, version):
    from tests.factories import PartnerFactory

    application = DraftFactory()
    partner = PartnerFactory(application=application)
    membership = MembershipFactory(organisation=application.organisation, role="admin")
    client.force_login(membership.user)
    client.raise_request_exception = False
    url = pattern.format(
        pk=application.pk,
        org=application.organisation_id,
        membership=membership.pk,
        call=application.call.slug,
        partner=partner.pk,
    )
    response = client.post(url, {**GARBAGE, "version": version})
    assert response.status_code < 500
    assert b"<script>" not in response.content


def test_the_receipt_mail_links_to_the_receipt_page(client):
    from django.core import mail

    application = complete_draft()
    user = MembershipFactory(organisation=application.organisation, role="editor").user
    client.force_login(user)
    client.post(f"/my/applications/{application.pk}/submit/")
    assert f"http://testserver/my/applications/{application.pk}/receipt/" in mail.outbox[-1].body


def test_the_invitation_page_names_the_organisation_and_refuses_a_used_link(client):
    from applications.people import services as people_services

    admin = MembershipFactory(role="admin")
    _invitation, token = people_services.invitation_create(
        organisation=admin.organisation,
        email="kollega@example.org",
        role="editor",
        by=admin.user,
        link_for=str,
    )
    colleague = UserFactory(email="kollega@example.org")
    client.force_login(colleague)
    html = client.get(f"/my/invitations/{token}/").content.decode()
    assert admin.organisation.name in html
    assert "rollen redaktør" in html
    response = client.post(f"/my/invitations/{token}/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/"
    html = client.get(f"/my/invitations/{token}/").content.decode()
    assert "allerede brukt eller er utløpt" in html
    assert admin.organisation.name not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_only_member_is_told_what_happens_to_the_organisation(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    html = client.get("/my/delete-account/").content.decode()
    assert "Du er den eneste personen i disse organisasjonene" in html
    assert membership.organisation.name in html
