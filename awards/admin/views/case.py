"""The case page of one application: formal check, case owner, reviewers, decision, letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from awards.admin.forms import (
    AssignReviewerForm,
    CaseOwnerForm,
    DecisionDeclarationForm,
    DecisionForm,
    EligibilityForm,
)
from awards.assessment import services as assessment_services
from awards.assessment.selectors import application_score_table
from awards.decisions import services as decision_services
from awards.decisions.declarations import decision_declare
from awards.decisions.ranking import call_ranking
from awards.letters import services as letter_services
from awards.letters.document import letter_document
from awards.letters.render import letter_require_complete, render_letter
from awards.models import Case, DecisionDeclaration, ThreadRead
from awards.permissions import staff_by_permission
from calls.inline_rows import Inline

from .common import (
    _application_for_assessment,
    _case,
    _context,
    _decision,
    _flash_errors,
    _grant,
    require,
)
from .corrections import case_corrections_context
from .dialogue import case_dialogue_context

CASE_ACTIONS = {"eligibility", "owner", "assign", "decide", "send_letter"}


def case_view(request, application_id):
    """Everything about one application for the adviser: formal check, reviewers, scores,
    decision and letter."""
    require(request, "awards.manage_assessment")
    application = _application_for_case(application_id, user=request.user)
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        messages.warning(request, _("Søknaden er ikke sendt inn."))
    case = _case(application)
    decision = _decision(application)
    declarations = list(application.decision_declarations.all())
    declared_impartial = any(d.impartial for d in declarations if d.user_id == request.user.pk)
    staff = staff_by_permission("manage_assessment", "score_application")
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
        "owner": CaseOwnerForm(
            initial={"owner": case.case_owner_id if case else None},
            people=staff["manage_assessment"],
        ),
        "assign": AssignReviewerForm(people=staff["score_application"]),
        "decide": DecisionForm(
            stage=application.call.stage,
            eligibility=case.eligibility if case else None,
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
        "declaration": DecisionDeclarationForm(
            prefix="declaration",
            initial={"impartial": "1"} if declared_impartial else {},
        ),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in CASE_ACTIONS:
            raise Http404
        try:
            done = _case_action(request, application, action, forms)
        except ValidationError as error:
            _flash_errors(request, error)
            done = False
        if done:
            return HttpResponseRedirect(request.path)
        # A refused decision may still have recorded the declaration that came with it.
        declarations = _declarations(application)
    assignments = list(application.review_assignments.all())
    letters = list(application.letters.all())
    ranking = call_ranking(call=application.call)
    previous, following = ranking.neighbours(application)
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
            scores=application_score_table(
                application=application, criteria=ranking.criteria, assignments=assignments
            ),
            letters=letters,
            grant=_grant(application),
            forms=forms,
            declarations=declarations,
            own_declaration=next((d for d in declarations if d.user_id == request.user.pk), None),
            outside_district_area=application.outside_district_area,
            opts=Application._meta,
            can_decide=request.user.has_perm("awards.decide_application"),
            can_send=request.user.has_perm("awards.send_letters"),
            previous=previous,
            following=following,
            position=ranking.position_of(application),
            ranked=len(ranking.rows),
            **case_dialogue_context(request, application),
            **case_corrections_context(request, application),
        ),
    )


def _application_for_case(pk, *, user) -> Application:
    """The application with the whole of its case, in one query: what the assessment shows,
    the declarations, the reviews with their scores, the letters, the thread with ``user``'s
    last reading of it, the internal notes and the requests for more information."""
    return _application_for_assessment(
        pk,
        Inline("decision_declarations", related=("user",)),
        Inline("review_assignments", related=("reviewer",), inlines=(Inline("scores"),)),
        Inline("letters", related=("sent_by",)),
        Inline("dialogue_messages", related=("author",)),
        Inline("dialogue_reads", queryset=ThreadRead.objects.filter(user=user)),
        Inline("internal_notes", related=("author",)),
        Inline("correction_requests", related=("requested_by", "answered_by")),
    )


def _declarations(application) -> list[DecisionDeclaration]:
    return list(DecisionDeclaration.objects.filter(application=application).select_related("user"))


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
        case = getattr(application, "case", None)
        form = forms["decide"] = DecisionForm(
            request.POST,
            stage=application.call.stage,
            eligibility=case.eligibility if case else None,
        )
        declaration = forms["declaration"] = DecisionDeclarationForm(
            request.POST, prefix="declaration"
        )
        # A conflict is recorded whatever the decision's fields hold: nothing is decided then.
        impartial = declaration.cleaned_data["impartial"] if declaration.is_valid() else None
        if impartial is None or (impartial and not form.is_valid()):
            form.is_valid()
            return False
        try:
            decision_declare(
                application=application,
                impartial=impartial,
                reason=declaration.cleaned_data["reason"],
                by=user,
            )
        except ValidationError as error:
            declaration.add_error(None, error)
            return False
        if not impartial:
            messages.warning(
                request,
                _("Du har erklært deg inhabil i saken. En annen rådgiver må fatte vedtaket."),
            )
            return True
        try:
            decision_services.decision_make(application=application, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)  # beside the field it is about, or above the form
            return False
        messages.success(request, _("Vedtaket er lagret. Brevet er ikke sendt ennå."))
    elif action == "send_letter":
        require(request, "awards.send_letters")
        letter = letter_services.letter_send(
            application=application, by=user, base_url=request.build_absolute_uri("/")
        )
        if letter.recipients:
            messages.success(
                request,
                _("Brevet er laget og sendes på e-post til %(recipients)s.")
                % {"recipients": letter.recipients},
            )
        else:
            messages.warning(
                request,
                _(
                    "Brevet er laget og ligger på søkerens side. Det kan ikke sendes på e-post: "
                    "organisasjonen har ingen aktive medlemmer med e-postadresse."
                ),
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
        letter_require_complete(letter=letter, application=application)
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
            **letter_document(
                subject=letter.subject,
                body=letter.body,
                application=application,
                sent_on=timezone.localdate(),
                appeal_deadline=letter.appeal_deadline,
            ),
        ),
    )


# --- The reviewer's page ----------------------------------------------------------------------
