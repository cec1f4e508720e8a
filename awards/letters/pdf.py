"""Letters as archive documents: PDF/A-3b from the letter's HTML, with an embedded font that
covers Norwegian and Sámi letters, tagged for screen readers, rendered once and kept."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .document import letter_html
from .models import Letter

logger = logging.getLogger(__name__)

# The stylesheet loads the fonts shipped in static/vendor/dejavu/ by file URL, relative to itself.
LETTER_STYLESHEET = settings.BASE_DIR / "static" / "css" / "letter-pdf.css"
PDF_VARIANT = "pdf/a-3b"


def _page_numbers_css() -> str:
    """«Side 1 av 2» at the foot of every page, from CSS counters."""
    with translation.override("nb"):
        label = _("Side %(page)s av %(pages)s") % {
            "page": '" counter(page) "',
            "pages": '" counter(pages) "',
        }
    return f'@page {{ @bottom-right {{ content: "{label}"; }} }}'


def _local_fetcher():
    """A URL fetcher for the letter's own stylesheet and fonts under static/ and nothing else:
    rendering a letter never reads another file or goes out on the network."""
    from weasyprint.urls import URLFetcher, path2url

    allowed = path2url(str(settings.BASE_DIR / "static"))

    class LetterFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed) or ".." in url:
                raise ValueError(f"A letter may not load {url}")
            return super().fetch(url, headers)

    return LetterFiles(allowed_protocols={"file"})


def html_pdf(*, html: str, identifier: str) -> bytes:
    """An A4 PDF/A-3b document (tagged PDF, language and title set) from HTML in the letters'
    style; used for the letters and for documents made from them (an appeal's case bundle)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _local_fetcher()
    stylesheets = [
        CSS(filename=str(LETTER_STYLESHEET), font_config=fonts, url_fetcher=fetcher),
        CSS(string=_page_numbers_css(), font_config=fonts, url_fetcher=fetcher),
    ]
    document = HTML(string=html, base_url=str(LETTER_STYLESHEET), url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        pdf_identifier=identifier.encode(),
    )


def letter_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF/A-3b document."""
    with translation.override("nb"):
        html = letter_html(letter, medium="pdf")
    return html_pdf(html=html, identifier=f"utlysning-letter-{letter.pk}")


def letter_document_store(*, letter: Letter) -> Letter:
    """Render the letter's PDF and keep it in the private storage, once: a letter that has its
    document keeps it (two callers at once render it once, the row is locked meanwhile). The
    document is the kept text in another form, not a change to the letter, so no history row."""
    with transaction.atomic():
        locked = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("application__organisation", "application__call")
            .get(pk=letter.pk)
        )
        if locked.document:
            return locked
        content = ContentFile(letter_pdf(locked))
        locked.document.save(f"{secrets.token_hex(16)}.pdf", content, save=False)
        stored, storage = locked.document.name, locked.document.storage
        try:
            Letter.objects.filter(pk=locked.pk).update(document=stored)
        except Exception:
            storage.delete(stored)
            raise
    return locked


def letter_document_open(*, letter: Letter) -> File:
    """The letter's stored PDF, opened for reading; stored first if the letter has none yet
    (letters sent before documents were kept) or if its file is gone from the storage."""
    if not letter.document:
        letter = letter_document_store(letter=letter)
    try:
        return letter.document.open("rb")
    except FileNotFoundError:
        logger.warning("The document of letter %s is missing from storage: stored again", letter.pk)
        Letter.objects.filter(pk=letter.pk, document=letter.document.name).update(document="")
        return letter_document_store(letter=letter).document.open("rb")
