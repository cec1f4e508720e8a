"""Letters as PDF files."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

_PDF_REPLACEMENTS = {
    "\u00a0": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
}


def _latin1(text: str) -> str:
    for char, replacement in _PDF_REPLACEMENTS.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(letter) -> bytes:
    """The letter as a simple A4 PDF (pure Python, the built-in Helvetica font)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(letter.subject))
    pdf.set_author(_latin1(settings.FUNDING_ORGANISATION_NAME))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    sent = timezone.localtime(letter.sent_at).strftime("%d.%m.%Y")
    pdf.cell(0, 6, _latin1(settings.FUNDING_ORGANISATION_NAME), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin1(f"Dato: {sent}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(0, 7, _latin1(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _latin1(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
