"""Letters as documents: one template for the page, the e-mail and the PDF/A kept in storage."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from applications.applying.storage import private_storage
from awards.letters import delivery as letter_delivery
from awards.letters import services as letter_services
from awards.letters.pdf import letter_pdf
from awards.models import Letter
from tests import deciding
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SAMI_NAME = "Čáhcegáddi Sámi searvi"


@pytest.fixture
def awarded(adviser, eligible):
    eligible.organisation.name = SAMI_NAME
    eligible.organisation.save()
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_500_000,
        conditions="Samarbeid med Sámi allaskuvla før oppstart.",
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    return eligible


@pytest.fixture
def member(awarded):
    return MembershipFactory(organisation=awarded.organisation).user


@pytest.fixture
def sent(adviser, awarded, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_services.letter_send(
            application=awarded, by=adviser, base_url="https://utlysning.example"
        )
    letter.refresh_from_db()
    return letter


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_letter_to_a_sami_organisation_keeps_the_name_intact_in_the_pdf(sent):
    text = _text(letter_pdf(sent))
    assert SAMI_NAME in text
    assert "Sámi allaskuvla" in text
    assert "Innovasjon Norge" in text
    assert "Postboks 448 Sentrum" in text


def test_the_pdf_identifies_itself_as_pdf_a_3b_in_its_xmp_metadata(sent):
    reader = PdfReader(io.BytesIO(letter_pdf(sent)))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert reader.metadata.title == sent.subject
    assert reader.metadata.author == "Innovasjon Norge"


def test_the_pdf_is_tagged_in_bokmal_and_embeds_its_font(sent):
    reader = PdfReader(io.BytesIO(letter_pdf(sent)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts.values()
    ]
    # The family of static/css/letter-pdf.css, so the shipped file, not a system font, embedded.
    assert descriptors
    assert all(d["/FontFamily"] == "Utlysning Letter" and "/FontFile2" in d for d in descriptors)


def test_every_page_says_which_page_of_how_many_it_is(adviser, awarded, member):
    awarded.decision.conditions = "\n\n".join(["Et vilkår som tar plass på siden. " * 12] * 20)
    awarded.decision.save()
    letter = letter_services.letter_send(application=awarded, by=adviser)
    pages = PdfReader(io.BytesIO(letter_pdf(letter))).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} av {len(pages)}" in page.extract_text()


def test_sending_keeps_the_pdf_and_the_download_serves_the_kept_file(client, sent, member):
    assert sent.document.name.startswith(f"letters/{sent.application_id}/")
    with private_storage().open(sent.document.name, "rb") as stored:
        kept = stored.read()
    assert kept.startswith(b"%PDF")
    client.force_login(member)
    response = client.get(f"/my/letters/{sent.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="brev-{sent.pk}.pdf"'
    assert b"".join(response.streaming_content) == kept
    sent.refresh_from_db()
    assert sent.document.name == Letter.objects.get(pk=sent.pk).document.name


def test_a_letter_sent_before_documents_were_kept_gets_one_on_first_download(
    client, adviser, awarded, member
):
    letter = letter_services.letter_send(application=awarded, by=adviser)  # no commit: no document
    assert not Letter.objects.get(pk=letter.pk).document
    client.force_login(member)
    first = b"".join(client.get(f"/my/letters/{letter.pk}.pdf").streaming_content)
    stored = Letter.objects.get(pk=letter.pk).document.name
    assert stored
    second = b"".join(client.get(f"/my/letters/{letter.pk}.pdf").streaming_content)
    assert first == second
    assert Letter.objects.get(pk=letter.pk).document.name == stored


def test_the_kept_document_is_refused_to_people_outside_the_organisation(client, sent):
    client.force_login(UserFactory(username="outsider"))
    assert client.get(f"/my/letters/{sent.pk}.pdf").status_code == 404
    client.logout()
    assert client.get(f"/my/letters/{sent.pk}.pdf").status_code == 302


def test_a_document_gone_from_the_storage_is_rendered_and_kept_again(client, sent, member):
    private_storage().delete(sent.document.name)
    client.force_login(member)
    response = client.get(f"/my/letters/{sent.pk}.pdf")
    assert response.status_code == 200
    assert SAMI_NAME in _text(b"".join(response.streaming_content))
    renewed = Letter.objects.get(pk=sent.pk).document.name
    assert renewed != sent.document.name
    assert private_storage().exists(renewed)


def test_the_email_has_a_plain_text_and_an_html_part_from_the_same_letter(sent, member):
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Sámi allaskuvla" in message.body
    assert f"https://utlysning.example/my/letters/{sent.pk}.pdf" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nb">' in html
    assert f"<title>{sent.subject}</title>" in html
    assert SAMI_NAME in html
    assert "Sámi allaskuvla" in html
    assert "Postboks 448 Sentrum" in html
    assert f'href="https://utlysning.example/my/letters/{sent.pk}/"' in html


def test_the_letter_page_shows_the_same_letter_with_the_funders_address(client, sent, member):
    client.force_login(member)
    html = client.get(f"/my/letters/{sent.pk}/").content.decode()
    assert html.count("<h1") == 1
    assert 'lang="nb"' in html
    assert "Postboks 448 Sentrum" in html
    assert SAMI_NAME in html
    assert "Sámi allaskuvla" in html


def test_rendering_a_letter_loads_only_its_own_stylesheet_and_fonts():
    from awards.letters.pdf import LETTER_STYLESHEET, _local_fetcher

    fetcher = _local_fetcher()
    font = LETTER_STYLESHEET.parent.parent / "vendor" / "dejavu" / "DejaVuSans.ttf"
    assert fetcher.fetch(font.as_uri()).read(4) == b"\x00\x01\x00\x00"
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", f"{font.as_uri()}/../../../x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_admin_links_the_kept_pdf_through_the_checked_view_only(client, adviser, sent):
    client.force_login(adviser)
    html = client.get(f"/admin/awards/letter/{sent.pk}/change/").content.decode()
    assert f'href="/my/letters/{sent.pk}.pdf"' in html
    assert sent.document.name not in html


def test_the_adviser_preview_shows_the_letter_with_the_funders_address(client, adviser, awarded):
    client.force_login(adviser)
    html = client.get(
        f"/admin/applications/application/{awarded.pk}/assessment/letter/"
    ).content.decode()
    assert "Postboks 448 Sentrum" in html
    assert SAMI_NAME in html
    assert '<h2 class="letter-subject">' in html
    assert not Letter.objects.exists()


def test_the_sender_block_follows_the_funders_settings(settings, sent):
    settings.FUNDING_ORGANISATION_NAME = "Sámediggi"
    settings.FUNDING_ORGANISATION_ADDRESS = ["Ávjovárgeaidnu 50", "9730 Kárášjohka"]
    text = _text(letter_pdf(sent))
    assert "Sámediggi" in text
    assert "9730 Kárášjohka" in text
    assert "Postboks 448" not in text


def test_a_pdf_that_fails_to_render_at_sending_does_not_stop_the_letter_or_its_email(
    adviser, awarded, member, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*, letter):
        raise OSError("no pango")

    monkeypatch.setattr(letter_delivery, "letter_document_store", broken)
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_services.letter_send(application=awarded, by=adviser)
    assert Letter.objects.filter(pk=letter.pk, document="").exists()
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_the_system_check_warns_when_the_pdf_renderer_cannot_load(monkeypatch):
    import builtins

    from awards.letters.checks import check_letter_pdf_renderer

    assert check_letter_pdf_renderer() == []
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpangoft2-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    (warning,) = check_letter_pdf_renderer()
    assert warning.id == "awards.W001"
    assert "libpangoft2" in warning.msg
