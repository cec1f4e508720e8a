"""The ranking board of a call, its exports, sending the call's letters and publishing."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.admin.forms import (
    ProposedAmountsForm,
)
from awards.decisions import services as decision_services
from awards.decisions.ranking import call_ranking
from awards.letters import services as letter_services
from awards.letters.selectors import letter_batch_latest, letter_delivery_progress
from awards.models import Award, Case
from awards.spreadsheets import csv_safe, xlsx_append_text_safe
from calls.models import Call

from .common import (
    _context,
    _flash_errors,
    require,
)


def ranking_view(request, call_id):
    require(request, "awards.manage_assessment")
    call = get_object_or_404(Call, pk=call_id)
    ranking = call_ranking(call=call)
    editable = [row for row in ranking.rows if row.in_competition and not row.decision]
    editable_ids = {id(row) for row in editable}
    form = ProposedAmountsForm(rows=editable)
    if request.method == "POST":
        form = ProposedAmountsForm(request.POST, rows=editable)
        if form.is_valid():
            try:
                with transaction.atomic():  # all of the board's amounts, or none of them
                    for row in editable:
                        decision_services.proposed_amount_set(
                            application=row.application,
                            amount=form.cleaned_data.get(f"proposed_{row.application.pk}"),
                            by=request.user,
                        )
            except ValidationError as error:
                _flash_errors(request, error)
            else:
                messages.success(request, _("Foreslåtte beløp er lagret."))
                return HttpResponseRedirect(request.path)
    rows = [
        (row, form[f"proposed_{row.application.pk}"] if id(row) in editable_ids else None)
        for row in ranking.rows
    ]
    return TemplateResponse(
        request,
        "admin/awards/ranking.html",
        _context(
            request,
            title=_("Rangering: %(call)s") % {"call": call.title},
            call=call,
            ranking=ranking,
            released=ranking.released_offers,
            underspend=ranking.released_unpaid_rest,
            form=form,
            rows=rows,
            opts=Call._meta,
            can_export=request.user.has_perm("awards.export_ranking"),
            can_send=request.user.has_perm("awards.send_letters"),
            can_publish=request.user.has_perm("awards.publish_results"),
            delivery=letter_delivery_progress(call=call),
            batch=letter_batch_latest(call=call),
        ),
    )


EXPORT_COLUMNS = [
    "Rangering",
    "Referanse",
    "Søker",
    "Organisasjonsnummer",
    "Fylke",
    "Prosjekt",
    "Vektet karakter",
    "Vurderinger sendt",
    "Søkt beløp",
    "Foreslått beløp",
    "Løpende sum",
    "Over streken",
    "Formell kontroll",
    "Vedtak",
    "Frigjort",
]


def _export_rows(ranking):
    for row in ranking.rows:
        application = row.application
        case = row.case
        decision = row.decision
        yield [
            row.rank or "",
            application.reference or "",
            application.organisation.name,
            application.organisation.orgnr,
            application.organisation.county.name if application.organisation.county else "",
            application.title,
            float(row.score) if row.score is not None else "",
            f"{row.reviews_submitted}/{row.reviews_expected}",
            application.requested_amount,
            row.proposed if row.in_competition else "",
            row.running_total if row.in_competition else "",
            "ja" if row.above_line else "nei",
            str(case.get_eligibility_display()) if case else str(Case.Eligibility.UNCHECKED.label),
            str(decision.get_outcome_display()) if decision else "",
            row.released or "",
        ]


def ranking_export(request, call_id, fmt):
    require(request, "awards.export_ranking")
    call = get_object_or_404(Call, pk=call_id)
    ranking = call_ranking(call=call)
    stamp = timezone.localdate().isoformat()
    filename = f"rangering-{call.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([csv_safe(value) for value in row] for row in _export_rows(ranking))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Rangering"
        sheet.append(EXPORT_COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in _export_rows(ranking):
            xlsx_append_text_safe(sheet, values)
        sheet.append([])
        sheet.append(["Ramme", "", "", "", "", "", "", "", "", call.budget])
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def letter_sent_message(letter) -> str:
    if letter.recipients:
        return _("«%(title)s»: brevet er laget og sendes på e-post til %(recipients)s.") % {
            "title": letter.application.title,
            "recipients": letter.recipients,
        }
    return _(
        "«%(title)s»: brevet ligger på søkerens side, men kan ikke sendes på e-post "
        "(organisasjonen har ingen aktive medlemmer med e-postadresse)."
    ) % {"title": letter.application.title}


def _send_refusals(call, pending) -> list[str]:
    """What stops the call's letters from being made, named before anything is queued."""
    refusals = []
    running = letter_services.letter_batch_active(call=call)
    if running:
        refusals.append(
            _("Brevene i utlysningen lages allerede (%(issued)s av %(total)s er laget).")
            % {"issued": running.issued, "total": running.total}
        )
    try:
        letter_services.letters_require_sendable(call=call, pending=pending)
    except ValidationError as error:
        refusals.extend(error.messages)
    return refusals


def letters_send_view(request, call_id):
    """Check the call's letters, then make them in the background: the POST returns at once,
    and the ranking board shows how many are made and how far their e-mails have come."""
    require(request, "awards.send_letters")
    call = get_object_or_404(Call, pk=call_id)
    pending = letter_services.letters_pending(call=call)
    recipients = letter_services.letter_recipients_by_organisation(
        organisation_ids={d.application.organisation_id for d in pending}
    )
    rows = [(d, recipients[d.application.organisation_id]) for d in pending]
    without_recipient = sorted(
        {d.application.organisation.name for d, emails in rows if not emails}
    )
    refusals = []
    if request.method == "POST":
        try:
            batch = letter_services.letter_batch_start(
                call=call, by=request.user, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            refusals = error.messages
        else:
            _batch_started_messages(request, batch=batch, without_recipient=without_recipient)
            return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]))
    elif pending:
        refusals = _send_refusals(call, pending)
    return TemplateResponse(
        request,
        "admin/awards/letters_send.html",
        _context(
            request,
            title=_("Send brev: %(call)s") % {"call": call.title},
            call=call,
            rows=rows,
            refusals=refusals,
            without_recipient=without_recipient,
            button=_("Send %(count)s brev") % {"count": len(pending)},
            opts=Call._meta,
        ),
    )


def _batch_started_messages(request, *, batch, without_recipient) -> None:
    batch.refresh_from_db()  # the run may be over already (a queue that runs tasks at once)
    if batch.is_active:
        messages.success(
            request,
            _("%(count)s brev lages nå. Fremdriften vises under «Brev» og «E-post».")
            % {"count": batch.total},
        )
    else:
        messages.success(
            request,
            _("%(count)s brev er laget. E-postene sendes nå; fremdriften vises under «E-post».")
            % {"count": batch.issued},
        )
        if batch.failures:
            messages.error(
                request,
                _("%(count)s brev kunne ikke lages; grunnen står under «Brev».")
                % {"count": len(batch.failures)},
            )
    if without_recipient:
        messages.warning(
            request,
            _("Ingen kan få brevet på e-post hos: %(names)s. Brevet ligger på søkerens side.")
            % {"names": ", ".join(without_recipient)},
        )


def letters_retry_view(request, call_id):
    """Queue the e-mails of the call's failed letters again (a POST from the ranking board)."""
    require(request, "awards.send_letters")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    call = get_object_or_404(Call, pk=call_id)
    count = letter_services.letters_retry_failed(
        call=call, by=request.user, base_url=request.build_absolute_uri("/")
    )
    messages.success(request, _("%(count)s brev er lagt i kø for e-post igjen.") % {"count": count})
    return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]) + "#e-post")


def publish_view(request, call_id):
    require(request, "awards.publish_results")
    call = get_object_or_404(Call, pk=call_id)
    awards = list(
        Award.objects.filter(application__call=call)
        .select_related("application__organisation", "application__decision")
        .order_by("application__reference", "pk")
    )
    if request.method == "POST":
        try:
            published, waiting = decision_services.results_publish(call=call, by=request.user)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request, _("%(count)s tildelinger er publisert.") % {"count": published}
            )
            if waiting:
                messages.warning(
                    request,
                    _("%(count)s tilsagn venter på at brevet sendes og er ikke publisert.")
                    % {"count": waiting},
                )
        return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]))
    items = []
    for award in awards:
        decision = getattr(award.application, "decision", None)
        if award.is_published:
            state = _("Publisert")
        elif decision and decision.letter_sent_at:
            state = _("Publiseres nå")
        else:
            state = _("Venter på brev – publiseres ikke")
        items.append((award.application, state, award.amount))
    return TemplateResponse(
        request,
        "admin/awards/confirm_call_action.html",
        _context(
            request,
            title=_("Publiser resultater: %(call)s") % {"call": call.title},
            call=call,
            items=items,
            empty=_("Utlysningen har ingen tilsagn ennå."),
            intro=_(
                "Tilsagn med sendt brev blir synlige på den offentlige listen over "
                "tildelinger. Tilsagn uten sendt brev publiseres ikke."
            ),
            button=_("Publiser resultatene"),
            opts=Call._meta,
        ),
    )
