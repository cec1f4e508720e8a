"""What the payout services share: the grant's lock, who may act, stored files, notices."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.applying.storage import STORAGE_ERRORS
from applications.files import check_upload, sanitise_filename
from applications.models import Membership
from awards.followup.models import Grant
from awards.permissions import member_may_request_payout
from calls.mail import email_later

from .models import PayoutRequest

logger = logging.getLogger(__name__)


def lock_grant(grant: Grant) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("award__application__call", "award__application__decision")
        .get(pk=grant.pk)
    )


def _require_member(*, user, grant: Grant) -> None:
    if not member_may_request_payout(
        user=user, organisation_id=grant.award.application.organisation_id
    ):
        raise PermissionDenied(
            _("Bare en administrator eller redaktør i organisasjonen kan gjøre dette.")
        )


def _require_staff(user, permission: str) -> None:
    if not (user.is_staff and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(_("Du har ikke rettighet til å gjøre dette."))


def _store(instance, field: str, uploaded, *, max_mb: int) -> None:
    """Check an upload by its content and keep it in the private storage."""
    kind = check_upload(uploaded, max_mb=max_mb)
    setattr(instance, f"{field}_name", sanitise_filename(uploaded.name, extension=kind.extension))
    setattr(instance, f"{field}_content_type", kind.content_type)
    try:
        getattr(instance, field).save(
            f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False
        )
    except STORAGE_ERRORS:
        logger.exception("The private storage refused a payout file for grant %s", instance.pk)
        raise ValidationError(
            _(
                "Filen kunne ikke lagres fordi fillageret ikke svarer akkurat nå. "
                "Prøv igjen om noen minutter."
            ),
            code="storage",
        ) from None


def _notify(payout: PayoutRequest, *, event: str) -> None:
    """Tell the other side by e-mail, with a link and never the figures: the organisation's
    members when a request is sent back or paid, the case owner when one is sent."""
    application = payout.grant.award.application
    if event == "submitted":
        case = getattr(application, "case", None)
        to = [case.case_owner.email] if case and case.case_owner_id else []
    else:
        to = list(
            Membership.objects.filter(
                organisation_id=application.organisation_id, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    to = sorted({address for address in to if address})
    if not to:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("grants:detail", kwargs={"pk": payout.grant_id})
    with translation.override(settings.LANGUAGE_CODE):
        headline = {
            "submitted": _("En anmodning om utbetaling er sendt inn"),
            "returned": _("Anmodningen om utbetaling er sendt tilbake til dere"),
            "paid": _("Utbetalingen er gjort"),
        }[event]
        body = render_to_string(
            "awards/email/payout_notice.txt",
            {"headline": headline, "application": application, "payout": payout, "link": link},
        )
        subject = f"{headline} – {application.title}"
    email_later(subject=subject, body=body, to=to)
