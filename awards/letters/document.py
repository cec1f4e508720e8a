"""One letter, three forms: the web page, the e-mail (HTML and plain-text parts) and the PDF all
show ``templates/awards/letters/_letter.html`` filled with the values below."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.orgnr import format_orgnr
from calls.mail import email_message


def funder_block() -> dict:
    """The sender's name and address block, from the settings."""
    return {
        "name": settings.FUNDING_ORGANISATION_NAME,
        "address": list(settings.FUNDING_ORGANISATION_ADDRESS),
        "orgnr": format_orgnr(settings.FUNDING_ORGANISATION_ORGNR),
    }


def letter_document(
    *,
    subject: str,
    body: str,
    application,
    sent_on: dt.date,
    appeal_deadline: dt.date | None,
) -> dict:
    """The template context of a letter about the application, sent (or to be sent) on a day."""
    organisation = application.organisation
    return {
        "funder": funder_block(),
        "doc": {
            "subject": subject,
            "body": body,
            "recipient": organisation.name,
            "recipient_orgnr": organisation.orgnr_display,
            "reference": application.reference or f"#{application.pk}",
            "call_title": application.call.title,
            "sent_on": sent_on,
            "appeal_deadline": appeal_deadline,
        },
    }


def letter_document_for(letter) -> dict:
    """The context of a letter as it was sent: the kept text, never rendered again."""
    return letter_document(
        subject=letter.subject,
        body=letter.body,
        application=letter.application,
        sent_on=timezone.localdate(letter.sent_at),
        appeal_deadline=letter.appeal_deadline,
    )


def letter_html(letter, *, medium: str, links: dict | None = None) -> str:
    """The letter as a whole HTML document, for the e-mail (``medium="email"``) or the PDF."""
    context = {**letter_document_for(letter), "medium": medium, "links": links}
    return render_to_string("awards/letters/document.html", context)


def letter_email(*, letter, recipients: list[str], base_url: str = ""):
    """The e-mail that carries a sent letter, not sent: the kept text as the plain-text part and
    the letter's document as the HTML part, both linking to the letter on /my/ and its PDF.
    ``base_url`` (``https://host``) makes the links absolute."""
    base = base_url.rstrip("/")
    links = {
        "page": f"{base}{letter.get_absolute_url()}",
        "pdf": f"{base}{reverse('letters:pdf', kwargs={'pk': letter.pk})}",
    }
    with translation.override("nb"):  # letters are written in bokmål
        text = f"{letter.body}\n\n" + _("Brevet finnes også på %(page)s (PDF: %(pdf)s).") % links
        html = letter_html(letter, medium="email", links=links)
    return email_message(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + letter.subject,
        body=text,
        html=html,
        to=recipients,
    )
