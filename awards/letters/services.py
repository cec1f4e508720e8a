"""Sending decision letters: rendered once, kept as sent, e-mailed to the organisation."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from applications import outcomes
from applications.models import Application
from awards import audit
from awards.decisions.models import Award, Decision
from awards.decisions.rules import call_require_closed
from calls.models import Call

from . import hooks
from .delivery import letter_delivery_enqueue, letter_recipients_by_organisation
from .models import Letter, LetterBatch, LetterTemplate
from .render import letter_require_complete, render_letter

logger = logging.getLogger(__name__)


def _recipients(application: Application) -> list[str]:
    ids = [application.organisation_id]
    return letter_recipients_by_organisation(organisation_ids=ids)[application.organisation_id]


@transaction.atomic
def letter_send(*, application: Application, by, base_url: str = "") -> Letter:
    """Send the letter about the application's decision; ``base_url`` (``https://host``) makes
    the link in the e-mail absolute."""
    application = (
        Application.objects.select_for_update()
        .select_related("organisation", "call")
        .get(pk=application.pk)
    )
    call_require_closed(call=application.call)
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None:
        raise ValidationError(
            _("«%(title)s» har ikke noe vedtak ennå.") % {"title": application.title}
        )
    if decision.letter_sent_at:
        raise ValidationError(
            _("Brevet om vedtaket for «%(title)s» er allerede sendt.")
            % {"title": application.title}
        )
    templates = {t.kind: t for t in LetterTemplate.objects.filter(call=application.call)}
    now = timezone.now()
    rendered = render_letter(
        decision=decision, templates=templates, sent_on=timezone.localdate(now)
    )
    letter_require_complete(letter=rendered, application=application)
    recipients = _recipients(application)
    letter = audit.save(
        Letter(
            application=application,
            decision=decision,
            kind=rendered.kind,
            subject=rendered.subject,
            body=rendered.body,
            recipients=", ".join(recipients),
            appeal_deadline=rendered.appeal_deadline,
            sent_at=now,
            sent_by=by,
        ),
        by=by,
    )
    decision.letter_sent_at = now
    audit.save(decision, by=by)
    outcomes.application_announce_outcome(application=application, at=now, by=by)
    if decision.outcome == Decision.Outcome.AWARD:
        # In the same transaction as the letter: what follows an offer (its grant) is never
        # missing for a letter sent, nor there for one rolled back.
        award = Award.objects.filter(application=application).first()
        for callback in hooks.offer_sent if award is not None else ():
            callback(award=award, sent_at=now, by=by)
    letter_delivery_enqueue(letter_ids=[letter.pk], base_url=base_url)
    return letter


def letter_issue(
    *, application: Application, decision: Decision | None, kind: str, subject: str, body: str, by
) -> Letter:
    """A letter that is not itself a decision (an appeal's acknowledgement or answer, the answer
    to a change request): kept as sent, with no appeal deadline of its own, and e-mailed and made
    into a PDF by the worker like every letter."""
    letter = audit.save(
        Letter(
            application=application,
            decision=decision,
            kind=kind,
            subject=subject,
            body=body,
            recipients=", ".join(_recipients(application)),
            appeal_deadline=None,
            sent_at=timezone.now(),
            sent_by=by,
        ),
        by=by,
    )
    letter_delivery_enqueue(letter_ids=[letter.pk], base_url=settings.SITE_URL.rstrip("/"))
    return letter


def letters_retry_failed(*, call: Call, by, base_url: str = "") -> int:
    """Queue the e-mails of the call's letters that failed again; returns how many."""
    with transaction.atomic():
        failed = list(
            Letter.objects.select_for_update()
            .filter(application__call=call, delivery_status=Letter.Delivery.FAILED)
            .values_list("pk", flat=True)
        )
        Letter.objects.filter(pk__in=failed).update(delivery_status=Letter.Delivery.QUEUED)
        letter_delivery_enqueue(letter_ids=failed, base_url=base_url)
    logger.info("%s queued %s failed letters of call %s again", by, len(failed), call.pk)
    return len(failed)


def letters_pending(*, call: Call) -> list[Decision]:
    """The call's decisions that have no letter yet, in the order the letters are made."""
    return list(
        Decision.objects.filter(application__call=call, letter_sent_at__isnull=True)
        .select_related(
            "application__organisation",
            "application__call__scheme",
            "application__case__case_owner",
            "decided_by",
        )
        # What the letter's reasons name: the call's criteria and the submitted scores.
        .prefetch_related("application__call__criteria", "application__review_assignments__scores")
        .order_by("application__reference", "application__pk")
    )


def letters_require_sendable(*, call: Call, pending: list[Decision]) -> None:
    """Refuse, before anything is made, what would stop the letters: the call still open, or a
    letter whose template lacks a value. Every problem is named at once."""
    call_require_closed(call=call)
    templates = {t.kind: t for t in LetterTemplate.objects.filter(call=call)}
    sent_on = timezone.localdate()
    problems = []
    for decision in pending:
        rendered = render_letter(decision=decision, templates=templates, sent_on=sent_on)
        try:
            letter_require_complete(letter=rendered, application=decision.application)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)


def letters_send_for_call(*, call: Call, by, base_url: str = "") -> list[Letter]:
    """Issue every letter of the call whose decision has none yet, each in its own transaction;
    their e-mails are queued, one task per letter, and go out from the worker."""
    return [
        letter_send(application=decision.application, by=by, base_url=base_url)
        for decision in letters_pending(call=call)
    ]


# A run that has not moved for this long has lost its worker: a new run may replace it.
BATCH_STALE_AFTER = dt.timedelta(minutes=15)


def letter_batch_active(*, call: Call) -> LetterBatch | None:
    return LetterBatch.objects.filter(call=call, status__in=LetterBatch.ACTIVE).first()


def letter_batch_start(*, call: Call, by, base_url: str = "") -> LetterBatch:
    """Check everything that can be refused up front, record a run for the call's pending
    letters and queue the task that makes them; one run per call at a time."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        running = letter_batch_active(call=call)
        if running and running.updated_at > timezone.now() - BATCH_STALE_AFTER:
            raise ValidationError(
                _("Brevene i utlysningen lages allerede (%(issued)s av %(total)s er laget).")
                % {"issued": running.issued, "total": running.total}
            )
        if running:
            LetterBatch.objects.filter(pk=running.pk).update(
                status=LetterBatch.Status.STOPPED, finished_at=timezone.now()
            )
        pending = letters_pending(call=call)
        if not pending:
            raise ValidationError(_("Alle vedtak i utlysningen har fått brev."))
        letters_require_sendable(call=call, pending=pending)
        batch = LetterBatch(
            call=call,
            requested_by=by,
            requested_at=timezone.now(),
            decision_ids=[decision.pk for decision in pending],
            total=len(pending),
        )
        batch.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError as error:  # another request started one in the meantime
            raise ValidationError(_("Brevene i utlysningen lages allerede.")) from error
        transaction.on_commit(lambda: _batch_enqueue(batch=batch, base_url=base_url))
    logger.info("%s asked for %s letters of call %s (run %s)", by, batch.total, call.pk, batch.pk)
    return batch


def _batch_enqueue(*, batch: LetterBatch, base_url: str) -> None:
    try:
        letter_batch_run.enqueue(batch_id=batch.pk, base_url=base_url)
    except Exception:  # nothing was made: the run stops and the adviser may start again
        logger.exception("Could not queue letter run %s", batch.pk)
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.STOPPED, finished_at=timezone.now()
        )


@task()
def letter_batch_run(*, batch_id: int, base_url: str = "") -> str:
    """Make the run's letters one by one, each in its own transaction, so that one that fails
    is recorded with its reason and the others still go; a decision that already has its
    letter is skipped. Only one worker claims a run, however often it was queued."""
    claimed = LetterBatch.objects.filter(pk=batch_id, status=LetterBatch.Status.QUEUED).update(
        status=LetterBatch.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    batch = LetterBatch.objects.select_related("requested_by").get(pk=batch_id)
    decisions = (
        Decision.objects.filter(pk__in=batch.decision_ids)
        .select_related("application")
        .order_by("application__reference", "application__pk")
    )
    try:
        _batch_make_letters(batch=batch, decisions=decisions, base_url=base_url)
    except Exception:  # the database went away, say: the run stops, the adviser may start again
        logger.exception("Letter run %s stopped", batch.pk)
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.STOPPED, finished_at=timezone.now()
        )
        raise
    batch.status = LetterBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at", "updated_at"])
    return batch.status


def _batch_make_letters(*, batch: LetterBatch, decisions, base_url: str) -> None:
    for decision in decisions:
        if decision.letter_sent_at:
            continue
        failure = None
        try:
            letter_send(application=decision.application, by=batch.requested_by, base_url=base_url)
        except ValidationError as error:
            if Decision.objects.filter(pk=decision.pk, letter_sent_at__isnull=False).exists():
                continue  # made elsewhere since the run was asked for
            failure = " ".join(error.messages)
        except Exception as error:
            logger.exception("Could not make the letter of decision %s", decision.pk)
            failure = f"{type(error).__name__}: {error}"
        if failure is None:
            batch.issued += 1
        else:
            batch.failures.append(
                {
                    "application": decision.application_id,
                    "title": decision.application.title,
                    "reason": failure[:1000],
                }
            )
        batch.save(update_fields=["issued", "failures", "updated_at"])


DELETED_RECIPIENT = "[slettet konto]"


def letters_forget_recipient(*, email: str) -> int:
    """A deleted account's address leaves the recipient lists of sent letters (and their
    history); the letters themselves are case records and stay. Returns how many changed."""
    if not email:
        return 0
    wanted = email.strip().lower()
    changed = 0
    for model in (Letter, Letter.history.model):
        rows = model.objects.filter(recipients__icontains=wanted)
        for pk, recipients in rows.values_list("pk", "recipients"):
            names = [part.strip() for part in recipients.split(",")]
            kept = [DELETED_RECIPIENT if n.lower() == wanted else n for n in names]
            if kept != names:
                model.objects.filter(pk=pk).update(recipients=", ".join(kept))
                changed += model is Letter
    return changed


def letters_export(*, user) -> list[dict]:
    """The letters sent to the person's address, for their data download."""
    if not user.email:
        return []
    wanted = user.email.lower()
    return [
        {
            "subject": letter.subject,
            "kind": letter.kind,
            "sent_at": letter.sent_at.isoformat(),
            "application": letter.application.reference or letter.application.title,
            "body": letter.body,
        }
        for letter in Letter.objects.filter(recipients__icontains=wanted).select_related(
            "application"
        )
        if wanted in [part.strip().lower() for part in letter.recipients.split(",")]
    ]
