"""The only writes of an appeal: lodging it, the case handler, the review (reverse, or uphold
and forward to the appeal body), the appeal body's outcome and the letters on the way."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.applying.storage import STORAGE_ERRORS
from applications.files import check_upload, sanitise_filename
from awards import audit
from awards.assessment.rules import staff_require_impartial
from awards.decisions import services as decision_services
from awards.decisions.declarations import decision_declare
from awards.letters import services as letter_services
from awards.letters.models import Letter
from awards.permissions import DECIDE_APPLICATION, MANAGE_ASSESSMENT, users_with_permission
from calls.formatting import person_name
from calls.mail import email_later
from calls.templatetags.utlysning import longdate

from . import letters as appeal_letters
from .models import GROUNDS_MAX_LENGTH, Appeal
from .rules import appeal_is_late, letter_appeal_deadline, letter_is_appealable, member_may_appeal

logger = logging.getLogger(__name__)


def _clean(text: str, *, message: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message}, code="required")
    return text


def _open_appeal_refusal() -> ValidationError:
    return ValidationError(
        _(
            "Det er allerede en åpen klage på dette vedtaket. Dere får svar på den før en ny "
            "klage kan sendes; skriv gjerne en melding i saken hvis dere vil legge til noe."
        ),
        code="open_appeal",
    )


def _issue_letter(*, appeal: Appeal, kind: str, subject: str, body: str, by) -> Letter:
    """An appeal letter: about the appealed decision, with no appeal deadline of its own."""
    return letter_services.letter_issue(
        application=appeal.application,
        decision=appeal.decision,
        kind=kind,
        subject=subject,
        body=body,
        by=by,
    )


def _tell_advisers(appeal: Appeal) -> None:
    handler = appeal.case_handler
    case = getattr(appeal.application, "case", None)
    if handler is not None:
        to = [handler.email]
    elif case is not None and case.case_owner_id:
        to = [case.case_owner.email]
    else:
        to = list(users_with_permission("manage_assessment").values_list("email", flat=True))
    link = settings.SITE_URL.rstrip("/") + reverse("admin:awards_appeal_handle", args=[appeal.pk])
    email_later(
        subject=_("Ny klage på vedtaket om %(reference)s")
        % {"reference": appeal.application.reference or appeal.application.title},
        body=_(
            "Det har kommet en klage på vedtaket om «%(title)s». Logg inn for å lese den:\n"
            "%(link)s\n\nInnovasjon Norge"
        )
        % {"title": appeal.application.title, "link": link},
        to=sorted({address for address in to if address}),
    )


def appeal_lodge(
    *,
    letter: Letter,
    by,
    grounds: str,
    late_reason: str = "",
    uploaded=None,
    now: dt.datetime | None = None,
) -> Appeal:
    """Lodge an appeal against a decision letter for its organisation. After the deadline the
    appeal is still taken, marked late, and needs a reason (forvaltningsloven § 31)."""
    now = now or timezone.now()
    application = letter.application
    if not member_may_appeal(user=by, application=application):
        raise PermissionDenied(
            _("Bare administratorer og redaktører i organisasjonen kan klage på vedtaket.")
        )
    if not letter_is_appealable(letter):
        raise ValidationError(_("Dette brevet er ikke et vedtak og kan ikke påklages."))
    grounds = _clean(grounds, message=_("Skriv hva dere klager på, og hvorfor."), field="grounds")
    if len(grounds) > GROUNDS_MAX_LENGTH:
        raise ValidationError(
            {"grounds": _("Klagen kan være høyst %(max)s tegn lang.") % {"max": GROUNDS_MAX_LENGTH}}
        )
    late = appeal_is_late(letter=letter, at=now)
    late_reason = (late_reason or "").strip()
    if late and not late_reason:
        raise ValidationError(
            {
                "late_reason": _(
                    "Klagefristen gikk ut %(deadline)s. Skriv hvorfor klagen kommer for sent; "
                    "en klage etter fristen kan likevel bli behandlet."
                )
                % {"deadline": longdate(timezone.localdate(letter_appeal_deadline(letter)))}
            },
            code="late",
        )
    appeal = Appeal(
        application=application,
        organisation_id=application.organisation_id,
        decision_id=letter.decision_id,
        letter=letter,
        grounds=grounds,
        lodged_by=by,
        lodged_at=now,
        deadline=letter_appeal_deadline(letter),
        late=late,
        late_reason=late_reason if late else "",
    )
    kind = None
    if uploaded is not None:
        kind = check_upload(uploaded, max_mb=application.call.max_attachment_mb)
        appeal.attachment_name = sanitise_filename(uploaded.name, extension=kind.extension)
        appeal.attachment_content_type = kind.content_type
    try:
        with transaction.atomic():
            if Appeal.objects.filter(
                decision_id=letter.decision_id, state__in=Appeal.OPEN_STATES
            ).exists():
                raise _open_appeal_refusal()
            if kind is not None:
                try:
                    appeal.attachment.save(
                        f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False
                    )
                except STORAGE_ERRORS:
                    logger.exception("The private storage refused an appeal file")
                    raise ValidationError(
                        {
                            "attachment": _(
                                "Filen kunne ikke lagres fordi fillageret ikke svarer akkurat "
                                "nå. Prøv igjen om noen minutter."
                            )
                        }
                    ) from None
            audit.save(appeal, by=by, reason=_("Klage mottatt"), clean=False)
            # The acknowledgement goes out at once, as a letter in the case.
            subject, body = appeal_letters.receipt(appeal=appeal)
            _issue_letter(appeal=appeal, kind="appeal_receipt", subject=subject, body=body, by=by)
            _tell_advisers(appeal)
    except IntegrityError:  # two lodged at once: the constraint holds one open per decision
        raise _open_appeal_refusal() from None
    return appeal


def _locked(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "application__call", "decision", "letter")
        .get(pk=appeal.pk)
    )


def _require_adviser(by) -> None:
    if not by.has_perm(MANAGE_ASSESSMENT):
        raise PermissionDenied


def _require_open(appeal: Appeal, *states) -> None:
    if appeal.state not in (states or Appeal.OPEN_STATES):
        raise ValidationError(
            _("Klagen er «%(state)s» og kan ikke endres slik nå.")
            % {"state": appeal.get_state_display()},
            code="state",
        )


@transaction.atomic
def appeal_assign_handler(*, appeal: Appeal, handler, by) -> Appeal:
    """Give the appeal to a case handler: an adviser who may decide, not the one who made the
    decision appealed (forvaltningsloven § 33 lets the body review its own decision, but by
    another person here), and not one who acts for the applicant or a partner."""
    _require_adviser(by)
    appeal = _locked(appeal)
    _require_open(appeal, Appeal.State.RECEIVED, Appeal.State.UNDER_REVIEW)
    if not handler.is_active or not handler.is_staff or not handler.has_perm(DECIDE_APPLICATION):
        raise ValidationError(
            {"handler": _("%(person)s kan ikke avgjøre saker.") % {"person": handler}}
        )
    if handler.pk == appeal.decision.decided_by_id:
        raise ValidationError(
            {
                "handler": _(
                    "%(person)s fattet vedtaket som er påklaget. Klagen må behandles av en annen "
                    "rådgiver."
                )
                % {"person": handler}
            },
            code="decided",
        )
    staff_require_impartial(user=handler, application=appeal.application)
    appeal.case_handler = handler
    appeal.handler_declared_at = None
    appeal.state = Appeal.State.UNDER_REVIEW
    return audit.save(appeal, by=by, reason=_("Saksbehandler satt"))


@transaction.atomic
def appeal_declare(*, appeal: Appeal, impartial: bool, reason: str = "", by) -> Appeal:
    """The case handler's own declaration of impartiality, as a reviewer's: a conflict takes
    them off the appeal, with the reason kept."""
    appeal = _locked(appeal)
    if appeal.case_handler_id != by.pk:
        raise PermissionDenied(_("Bare saksbehandleren selv kan erklære habilitet."))
    _require_open(appeal, Appeal.State.UNDER_REVIEW)
    staff_require_impartial(user=by, application=appeal.application)
    reason = (reason or "").strip()
    if impartial:
        appeal.handler_declared_at = timezone.now()
    else:
        if not reason:
            raise ValidationError({"reason": _("Skriv hvorfor du er inhabil.")})
        appeal.conflict_reason = f"{person_name(by)}: {reason}"
        appeal.case_handler = None
        appeal.handler_declared_at = None
        appeal.state = Appeal.State.RECEIVED
    return audit.save(appeal, by=by, reason=reason)


def _require_handler(appeal: Appeal, by) -> None:
    if appeal.case_handler_id != by.pk:
        raise PermissionDenied(_("Bare saksbehandleren for klagen kan behandle den."))
    if appeal.handler_declared_at is None:
        raise ValidationError(_("Erklær habilitet før du behandler klagen."), code="not_declared")
    staff_require_impartial(user=by, application=appeal.application)


@transaction.atomic
def appeal_provisional_answer(*, appeal: Appeal, expected_by: dt.date, by) -> Letter:
    """A provisional answer (forvaltningsloven § 11 a): why it takes time and when to expect an
    answer, as a letter in the case."""
    _require_adviser(by)
    appeal = _locked(appeal)
    _require_open(appeal)
    if expected_by <= timezone.localdate():
        raise ValidationError({"expected_by": _("Velg en dato etter i dag.")})
    subject, body = appeal_letters.provisional(appeal=appeal, expected_by=expected_by, by=by)
    letter = _issue_letter(
        appeal=appeal, kind="appeal_provisional", subject=subject, body=body, by=by
    )
    appeal.provisional_sent_at = letter.sent_at
    audit.save(appeal, by=by, reason=_("Foreløpig svar sendt"))
    return letter


@transaction.atomic
def appeal_reverse(*, appeal: Appeal, by, reason: str, **decision) -> Appeal:
    """The case handler reverses the decision: a new decision through the decision service (its
    rules and the call's budget hold) and its letter, which can be appealed in turn."""
    appeal = _locked(appeal)
    _require_handler(appeal, by)
    _require_open(appeal, Appeal.State.UNDER_REVIEW)
    reason = _clean(reason, message=_("Skriv hvorfor vedtaket omgjøres."), field="reason")
    decision.pop("change_reason", None)
    # The handler declared themselves impartial on this appeal: that declaration is also theirs
    # as the one who makes the new decision (a conflict they declared before still refuses).
    decision_declare(application=appeal.application, impartial=True, by=by)
    made = decision_services.decision_make(
        application=appeal.application,
        change_reason=_("Omgjort etter klage: %(reason)s") % {"reason": reason},
        by=by,
        **decision,
    )
    if made.letter_sent_at is not None:  # the service changed nothing
        raise ValidationError(
            _(
                "Det nye vedtaket er likt det som er påklaget. Endre vedtaket, eller "
                "oppretthold det og send klagen til klageinstansen."
            ),
            code="unchanged",
        )
    letter_services.letter_send(
        application=appeal.application, by=by, base_url=settings.SITE_URL.rstrip("/")
    )
    now = timezone.now()
    appeal.state = Appeal.State.REVERSED
    appeal.reviewed_at = now
    appeal.closed_at = now
    return audit.save(appeal, by=by, reason=reason)


@transaction.atomic
def appeal_forward(*, appeal: Appeal, by, comment: str) -> Appeal:
    """The case handler upholds the decision and forwards the appeal to the scheme's appeal body
    with comments; the case documents are bundled in the background (bundle.py)."""
    from .bundle import appeal_bundle_enqueue

    appeal = _locked(appeal)
    _require_handler(appeal, by)
    _require_open(appeal, Appeal.State.UNDER_REVIEW)
    appeal.forward_comment = _clean(
        comment, message=_("Skriv kommentaren til klageinstansen."), field="comment"
    )
    appeal.state = Appeal.State.UPHELD_FORWARDED
    appeal.reviewed_at = timezone.now()
    audit.save(appeal, by=by, reason=_("Opprettholdt og sendt klageinstansen"))
    appeal_bundle_enqueue(appeal_id=appeal.pk)
    return appeal


@transaction.atomic
def appeal_record_outcome(*, appeal: Appeal, outcome: str, text: str, by) -> Appeal:
    """What the appeal body decided, and the final letter to the organisation. When the body
    reverses or sets aside the decision, the new decision is made on the case page through the
    decision service, like any other."""
    _require_adviser(by)
    appeal = _locked(appeal)
    _require_open(appeal, Appeal.State.UPHELD_FORWARDED)
    if outcome not in Appeal.BodyOutcome.values:
        raise ValidationError({"outcome": _("Velg klageinstansens avgjørelse.")})
    appeal.body_outcome = outcome
    appeal.body_outcome_text = _clean(
        text, message=_("Skriv klageinstansens begrunnelse."), field="text"
    )
    subject, body = appeal_letters.final(appeal=appeal, by=by)
    _issue_letter(appeal=appeal, kind="appeal_final", subject=subject, body=body, by=by)
    appeal.state = Appeal.State.CLOSED
    appeal.closed_at = timezone.now()
    return audit.save(appeal, by=by, reason=appeal.get_body_outcome_display())
