"""Custom admin pages for what a list cannot show: the case page, the reviewer's page, the
ranking board with its exports, sending letters and publishing results.

Every view checks its permission itself and answers 403 when it is missing: the links are hidden
from people who lack them, and the URLs refuse them too.
"""

from __future__ import annotations

import csv
import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, CostLine, Partner
from awards.assessment import services as assessment_services
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from calls.models import Call

from .assessment.selectors import score_table
from .decisions.ranking import ranking_for_call
from .forms import (
    AssignReviewerForm,
    CaseOwnerForm,
    DecisionForm,
    DeclarationForm,
    EligibilityForm,
    ProposedAmountsForm,
    ReasonForm,
    ScoreForm,
)
from .letters.render import render_letter
from .models import Award, Case, Decision, ReviewAssignment
from .spreadsheets import csv_safe, xlsx_append_text_safe


def require(request, *permissions: str) -> None:
    for permission in permissions:
        if not request.user.has_perm(permission):
            raise PermissionDenied


def _error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _flash_errors(request, error: ValidationError) -> None:
    for message in _error_messages(error):
        messages.error(request, message)


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _application_for_assessment(pk) -> Application:
    queryset = Application.objects.select_related(
        "call", "organisation__county", "case__case_owner", "case__eligibility_checked_by"
    ).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("municipality")),
        Prefetch("cost_lines", queryset=CostLine.objects.order_by("year")),
        "attachments",
    )
    return get_object_or_404(queryset, pk=pk)


def _case(application) -> Case | None:
    try:
        return application.case
    except Case.DoesNotExist:
        return None


def _decision(application) -> Decision | None:
    return Decision.objects.filter(application=application).select_related("decided_by").first()


# --- The case page ----------------------------------------------------------------------------


def case_view(request, application_id):
    """Everything about one application for the adviser: formal check, reviewers, scores,
    decision and letter."""
    require(request, "awards.manage_assessment")
    application = _application_for_assessment(application_id)
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        messages.warning(request, _("Søknaden er ikke sendt inn."))
    case = _case(application)
    decision = _decision(application)
    forms = {
        "eligibility": EligibilityForm(
            initial={
                "eligible": {
                    Case.Eligibility.ELIGIBLE: "1",
                    Case.Eligibility.INELIGIBLE: "0",
                }.get(case.eligibility if case else None),
                "reason": case.eligibility_reason if case else "",
            }
        ),
        "owner": CaseOwnerForm(initial={"owner": case.case_owner_id if case else None}),
        "assign": AssignReviewerForm(),
        "decide": DecisionForm(
            stage=application.call.stage,
            initial={
                "outcome": decision.outcome if decision else None,
                "amount": decision.amount
                if decision
                else (case.proposed_amount if case and case.proposed_amount else None),
                "conditions": decision.conditions if decision else "",
                "payout_deadline": decision.payout_deadline if decision else None,
                "rejection_reason": decision.rejection_reason if decision else "",
                "rejection_text": decision.rejection_text if decision else "",
            },
        ),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms and action != "send_letter":
            raise Http404
        try:
            done = _case_action(request, application, action, forms)
        except ValidationError as error:
            _flash_errors(request, error)
            done = False
        if done:
            return HttpResponseRedirect(request.path)
    assignments = list(
        application.review_assignments.select_related("reviewer").order_by("assigned_at", "pk")
    )
    letters = list(application.letters.select_related("sent_by"))
    return TemplateResponse(
        request,
        "admin/awards/case.html",
        _context(
            request,
            title=_("Saksbehandling: %(title)s") % {"title": application.title},
            application=application,
            call=application.call,
            case=case,
            decision=decision,
            assignments=assignments,
            scores=score_table(application),
            letters=letters,
            forms=forms,
            outside_district_area=application.outside_district_area,
            opts=Application._meta,
            can_decide=request.user.has_perm("awards.decide_application"),
            can_send=request.user.has_perm("awards.send_letters"),
        ),
    )


def _case_action(request, application, action, forms) -> bool:
    user = request.user
    if action == "eligibility":
        form = forms["eligibility"] = EligibilityForm(request.POST)
        if not form.is_valid():
            return False
        assessment_services.case_check_eligibility(
            application=application,
            eligible=form.cleaned_data["eligible"],
            reason=form.cleaned_data["reason"],
            by=user,
        )
        messages.success(request, _("Den formelle kontrollen er lagret."))
    elif action == "owner":
        form = forms["owner"] = CaseOwnerForm(request.POST)
        if not form.is_valid():
            return False
        assessment_services.case_assign_owner(
            application=application, owner=form.cleaned_data["owner"], by=user
        )
        messages.success(request, _("Saksbehandler er lagret."))
    elif action == "assign":
        form = forms["assign"] = AssignReviewerForm(request.POST)
        if not form.is_valid():
            return False
        assignment = assessment_services.assignment_create(
            application=application,
            reviewer=form.cleaned_data["reviewer"],
            role=form.cleaned_data["role"],
            by=user,
        )
        if assignment.conflict_is_automatic:
            messages.warning(request, assignment.conflict_reason)
        else:
            messages.success(request, _("Fagvurdereren er lagt til."))
    elif action == "decide":
        require(request, "awards.decide_application")
        form = forms["decide"] = DecisionForm(request.POST, stage=application.call.stage)
        if not form.is_valid():
            return False
        decision_services.decision_make(application=application, by=user, **form.cleaned_data)
        messages.success(request, _("Vedtaket er lagret. Brevet er ikke sendt ennå."))
    elif action == "send_letter":
        require(request, "awards.send_letters")
        letter = letter_services.letter_send(
            application=application, by=user, base_url=request.build_absolute_uri("/")
        )
        messages.success(
            request,
            _("Brevet er sendt til %(recipients)s.")
            % {"recipients": letter.recipients or _("søkerens side (ingen e-postadresser)")},
        )
    return True


def letter_preview_view(request, application_id):
    require(request, "awards.manage_assessment")
    application = _application_for_assessment(application_id)
    decision = _decision(application)
    if decision is None:
        messages.error(
            request, _("Søknaden har ikke noe vedtak ennå, så det finnes ikke noe brev.")
        )
        return HttpResponseRedirect(reverse("admin:awards_case", args=[application.pk]))
    try:
        letter = render_letter(decision=decision)
    except ValidationError as error:
        _flash_errors(request, error)
        return HttpResponseRedirect(reverse("admin:awards_case", args=[application.pk]))
    return TemplateResponse(
        request,
        "admin/awards/letter_preview.html",
        _context(
            request,
            title=_("Forhåndsvisning av brev"),
            application=application,
            letter=letter,
            opts=Application._meta,
        ),
    )


# --- The reviewer's page ----------------------------------------------------------------------


def review_view(request, assignment_id):
    """Declare impartiality, then score and submit. Only the assigned reviewer opens it."""
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application__call", "reviewer"),
        pk=assignment_id,
    )
    if assignment.reviewer_id != request.user.pk or not request.user.has_perm(
        "awards.score_application"
    ):
        raise PermissionDenied
    application = _application_for_assessment(assignment.application_id)
    criteria = list(application.call.criteria.all())
    scores = {score.criterion_id: score for score in assignment.scores.all()}
    declaration = DeclarationForm()
    score_form = ScoreForm(criteria=criteria, scores=scores)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "declare":
                declaration = DeclarationForm(request.POST)
                if declaration.is_valid():
                    assignment = assessment_services.assignment_declare(
                        assignment=assignment,
                        impartial=declaration.cleaned_data["impartial"],
                        reason=declaration.cleaned_data["reason"],
                        by=request.user,
                    )
                    if assignment.can_score:
                        messages.success(request, _("Du er erklært habil og kan vurdere søknaden."))
                    else:
                        messages.info(
                            request,
                            _("Du er erklært inhabil og er tatt ut av vurderingen av søknaden."),
                        )
                    return HttpResponseRedirect(request.path)
            elif action in {"save", "submit"}:
                score_form = ScoreForm(request.POST, criteria=criteria, scores=scores)
                if score_form.is_valid():
                    assessment_services.scores_save(
                        assignment=assignment,
                        scores=score_form.scores(),
                        submit=action == "submit",
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _("Vurderingen er sendt inn.")
                        if action == "submit"
                        else _("Utkastet er lagret."),
                    )
                    return HttpResponseRedirect(request.path)
            else:
                raise Http404
        except ValidationError as error:
            _flash_errors(request, error)
    others = score_table(application, submitted_only=True) if assignment.is_submitted else None
    return TemplateResponse(
        request,
        "admin/awards/review.html",
        _context(
            request,
            title=_("Vurdering: %(title)s") % {"title": application.title},
            assignment=assignment,
            application=application,
            declaration=declaration,
            score_form=score_form,
            others=others,
            outside_district_area=application.outside_district_area,
            opts=ReviewAssignment._meta,
        ),
    )


# --- The ranking board, exports, letters, publication -----------------------------------------


def ranking_view(request, call_id):
    require(request, "awards.manage_assessment")
    call = get_object_or_404(Call, pk=call_id)
    ranking = ranking_for_call(call)
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
    ranking = ranking_for_call(call)
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


def letters_send_view(request, call_id):
    require(request, "awards.send_letters")
    call = get_object_or_404(Call, pk=call_id)
    pending = list(
        Decision.objects.filter(application__call=call, letter_sent_at__isnull=True)
        .select_related("application__organisation")
        .order_by("application__reference", "application__pk")
    )
    if request.method == "POST":
        sent = 0
        for decision in pending:
            try:
                letter_services.letter_send(
                    application=decision.application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
                sent += 1
            except ValidationError as error:
                _flash_errors(request, error)
        messages.success(request, _("%(count)s brev er sendt.") % {"count": sent})
        return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]))
    return TemplateResponse(
        request,
        "admin/awards/confirm_call_action.html",
        _context(
            request,
            title=_("Send brev: %(call)s") % {"call": call.title},
            call=call,
            items=[(d.application, d.get_outcome_display(), d.amount) for d in pending],
            empty=_("Alle vedtak i utlysningen har fått brev."),
            intro=_(
                "Disse vedtakene har ikke fått brev ennå. Brevene sendes på e-post til "
                "søkernes medlemmer og legges på søkerens side."
            ),
            button=_("Send %(count)s brev") % {"count": len(pending)},
            opts=Call._meta,
        ),
    )


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


def reason_form_response(request, *, title, intro, queryset, action, form=None):
    """The intermediate page of an admin action that needs a reason."""
    return TemplateResponse(
        request,
        "admin/awards/reason_form.html",
        _context(
            request,
            title=title,
            intro=intro,
            objects=list(queryset),
            form=form or ReasonForm(),
            action=action,
            opts=queryset.model._meta,
        ),
    )
