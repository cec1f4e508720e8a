"""The adviser's side of a request for more information (``applications.applying.corrections``
does the reopening): the adviser who asked is told when the organisation sends in again."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from calls.formatting import person_name
from calls.mail import email_later


def correction_answered_notify(*, request) -> None:
    """E-mail the adviser who asked: a link to the case, where the changes are shown."""
    adviser = request.requested_by
    if not adviser.is_active or not adviser.email:
        return
    application = request.application
    link = settings.SITE_URL.rstrip("/") + (
        reverse("admin:awards_case", args=[application.pk]) + "#corrections"
    )
    email_later(
        subject=_("Sendt inn igjen: %(reference)s") % {"reference": application.reference},
        body=_(
            "%(person)s har sendt inn det du ba om til «%(title)s» (%(reference)s).\n\n"
            "Se hva som er endret: %(link)s"
        )
        % {
            "person": person_name(request.answered_by),
            "title": application.title,
            "reference": application.reference,
            "link": link,
        },
        to=[adviser.email],
    )
