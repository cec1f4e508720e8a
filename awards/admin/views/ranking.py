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
from awards.letters.selectors import letter_delivery_progress
from awards.models import Award, Case, Decision
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
            form=form,
            rows=rows,
            opts=Call._meta,
            can_export=request.user.has_perm("awards.export_ranking"),
            can_send=request.user.has_perm("awards.send_letters"),
            can_publish=request.user.has_perm("awards.publish_results"),
            delivery=letter_delivery_progress(call=call),
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


def letters_send_view(request, call_id):
    """Issue the call's letters at once; their e-mails go out from the worker, and the ranking
    board shows how far they have come."""
    require(request, "awards.send_letters")
    call = get_object_or_404(Call, pk=call_id)
    pending = list(
        Decision.objects.filter(application__call=call, letter_sent_at__isnull=True)
        .select_related("application__organisation")
        .order_by("application__reference", "application__pk")
    )
    if request.method == "POST":
        issued, unreachable = 0, []
        for decision in pending:
            try:
                letter = letter_services.letter_send(
                    application=decision.application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                _flash_errors(request, error)
            else:
                issued += 1
                if not letter.recipients:
                    unreachable.append(decision.application.organisation.name)
        messages.success(
            request,
            _("%(count)s brev er laget. E-postene sendes nå; fremdriften vises under «E-post».")
            % {"count": issued},
        )
        if unreachable:
            messages.warning(
                request,
                _("Ingen kan få brevet på e-post hos: %(names)s. Brevet ligger på søkerens side.")
                % {"names": ", ".join(sorted(set(unreachable)))},
            )
        return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]))
    recipients = letter_services.letter_recipients_by_organisation(
        organisation_ids={d.application.organisation_id for d in pending}
    )
    rows = [(d, recipients[d.application.organisation_id]) for d in pending]
    return TemplateResponse(
        request,
        "admin/awards/letters_send.html",
        _context(
            request,
            title=_("Send brev: %(call)s") % {"call": call.title},
            call=call,
            rows=rows,
            without_recipient=sorted(
                {d.application.organisation.name for d, emails in rows if not emails}
            ),
            button=_("Send %(count)s brev") % {"count": len(pending)},
            opts=Call._meta,
        ),
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
