"""The only writes of a grant's state: offer, accept, decline and lapse, each under a row lock
and from the one state it may leave; history records who and when."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Membership
from awards import audit
from awards.decisions.models import Award
from calls.formatting import format_deadline
from calls.mail import email_later

from .models import Grant
from .payments.services import instalments_create
from .rules import accept_by_for

logger = logging.getLogger(__name__)

# An offer found lapsed long after its deadline (one recorded from before grants existed) lapses
# without e-mail: nobody is waiting to hear about it.
NOTIFY_LAPSE_WITHIN = dt.timedelta(days=14)


@transaction.atomic
def grant_offer(*, award: Award, offered_at: dt.datetime, by) -> Grant:
    """The grant for an award whose offer letter was sent at ``offered_at``. A new offer letter
    (the decision was changed) renews an unanswered offer's deadline, as the letter names it; an
    answered grant stays as it is."""
    weeks = award.application.call.acceptance_weeks
    accept_by = accept_by_for(offered_on=timezone.localdate(offered_at), weeks=weeks)
    grant = Grant.objects.select_for_update().filter(award=award).first()
    if grant is not None and grant.state != Grant.State.OFFERED:
        return grant
    grant = grant or Grant(award=award)
    grant.offered_at = offered_at
    grant.accept_by = accept_by
    return audit.save(grant, by=by, reason=_("Tilbudsbrevet er sendt."))


def grant_offer_from_letter(*, award: Award, sent_at: dt.datetime, by) -> None:
    """Filled into ``awards.letters.hooks.offer_sent``: a sent offer letter makes the grant."""
    grant_offer(award=award, offered_at=sent_at, by=by)


def grant_may_answer(*, user, grant: Grant) -> bool:
    """Only an administrator of the organisation answers the offer."""
    return Membership.objects.filter(
        user=user,
        organisation_id=grant.award.application.organisation_id,
        role=Membership.Role.ADMIN,
    ).exists()


def _locked(grant: Grant) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("award__application__organisation", "award__application__call")
        .get(pk=grant.pk)
    )


def _require_offered(grant: Grant) -> None:
    if grant.state != Grant.State.OFFERED:
        raise ValidationError(
            _("Tilbudet er ikke lenger åpent (status: %(state)s).")
            % {"state": grant.get_state_display()},
            code="state",
        )


def _require_in_time(grant: Grant, *, now: dt.datetime) -> None:
    if now > grant.accept_by:
        raise ValidationError(
            _("Svarfristen gikk ut %(deadline)s. Tilbudet kan ikke lenger tas imot.")
            % {"deadline": format_deadline(grant.accept_by)},
            code="late",
        )


@transaction.atomic
def grant_accept(
    *,
    grant: Grant,
    by,
    conditions_confirmed: bool,
    period_confirmed: bool,
    now: dt.datetime | None = None,
) -> Grant:
    """The organisation takes the offer: an administrator, in time, confirming the conditions
    and the project period."""
    now = now or timezone.now()
    grant = _locked(grant)
    if not grant_may_answer(user=by, grant=grant):
        raise PermissionDenied(_("Bare en administrator i organisasjonen kan svare på tilbudet."))
    _require_offered(grant)
    _require_in_time(grant, now=now)
    if not (conditions_confirmed and period_confirmed):
        raise ValidationError(
            _("Bekreft vilkårene og prosjektperioden for å ta imot tilskuddet."), code="confirm"
        )
    grant.state = Grant.State.ACCEPTED
    grant.accepted_at = now
    grant.answered_by = by
    audit.save(grant, by=by, reason=_("Tilbudet er akseptert."))
    instalments_create(grant=grant, by=by)
    from .reports.services import reports_create

    reports_create(grant=grant, by=by)
    _tell(grant, template="accepted", by=by)
    return grant


@transaction.atomic
def grant_final_report_submitted(*, grant: Grant, by) -> Grant:
    """The final report has been sent: an accepted grant, or one in progress, moves to
    "final report" (sending it again after it came back changes nothing)."""
    grant = _locked(grant)
    if grant.state == Grant.State.FINAL_REPORT:
        return grant
    if grant.state not in (Grant.State.ACCEPTED, Grant.State.IN_PROGRESS):
        raise ValidationError(
            _("Tilsagnet er ikke i gang (status: %(state)s).")
            % {"state": grant.get_state_display()},
            code="state",
        )
    grant.state = Grant.State.FINAL_REPORT
    return audit.save(grant, by=by, reason=_("Sluttrapporten er sendt."))


@transaction.atomic
def grant_decline(*, grant: Grant, by, reason: str, now: dt.datetime | None = None) -> Grant:
    """The organisation says no, with a reason; the money goes back to the call."""
    now = now or timezone.now()
    grant = _locked(grant)
    if not grant_may_answer(user=by, grant=grant):
        raise PermissionDenied(_("Bare en administrator i organisasjonen kan svare på tilbudet."))
    _require_offered(grant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Skriv hvorfor dere takker nei."), code="reason")
    grant.state = Grant.State.DECLINED
    grant.declined_at = now
    grant.decline_reason = reason
    grant.answered_by = by
    audit.save(grant, by=by, reason=_("Organisasjonen takket nei."))
    _tell(grant, template="declined", by=by)
    return grant


def grant_lapse(*, grant: Grant, now: dt.datetime) -> bool:
    """Let one unanswered offer past its deadline fall away; False if someone was first."""
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("award__application__organisation", "award__application__call")
            .filter(pk=grant.pk, state=Grant.State.OFFERED, accept_by__lt=now)
            .first()
        )
        if grant is None:
            return False
        grant.state = Grant.State.LAPSED
        grant.lapsed_at = now
        audit.save(grant, by=None, reason=_("Svarfristen gikk ut."))
        if now - grant.accept_by <= NOTIFY_LAPSE_WITHIN:
            _tell(grant, template="lapsed", by=None)
    return True


def grants_lapse_due(*, now: dt.datetime | None = None) -> str:
    """The scheduled job: every offer past its deadline lapses, once."""
    now = now or timezone.now()
    due = Grant.objects.filter(state=Grant.State.OFFERED, accept_by__lt=now).order_by("pk")
    lapsed = sum(grant_lapse(grant=grant, now=now) for grant in due)
    return f"{lapsed} offers lapsed"


def _recipients(grant: Grant) -> list[str]:
    application = grant.award.application
    members = Membership.objects.filter(
        organisation_id=application.organisation_id, user__is_active=True
    ).values_list("user__email", flat=True)
    case = getattr(application, "case", None)
    owner = case.case_owner.email if case and case.case_owner_id else ""
    return sorted({email for email in [*members, owner] if email})


def _tell(grant: Grant, *, template: str, by) -> None:
    application = grant.award.application
    link = settings.SITE_URL.rstrip("/") + reverse("grants:detail", kwargs={"pk": grant.pk})
    with translation.override(settings.LANGUAGE_CODE):
        subjects = {
            "accepted": _("Tilskuddet er akseptert – %(title)s"),
            "declined": _("Tilbudet om tilskudd er avslått – %(title)s"),
            "lapsed": _("Tilbudet om tilskudd har falt bort – %(title)s"),
        }
        body = render_to_string(
            f"awards/email/grant_{template}.txt",
            {"grant": grant, "application": application, "by": by, "link": link},
        )
        subject = subjects[template] % {"title": application.title}
    email_later(subject=subject, body=body, to=_recipients(grant))
