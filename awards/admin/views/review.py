"""The reviewer's page: declare impartiality, then score the application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from awards.admin.forms import (
    DeclarationForm,
    ScoreForm,
)
from awards.assessment import services as assessment_services
from awards.assessment.selectors import application_score_table
from awards.dialogue.selectors import shared_with_reviewers
from awards.models import ReviewAssignment
from calls.inline_rows import Inline

from .common import (
    _application_for_assessment,
    _context,
    _flash_errors,
)


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
    # The reviews with their scores come with the application: this reviewer's own scores, and
    # (once theirs is submitted) the others' beside them.
    application = _application_for_assessment(
        assignment.application_id,
        Inline("review_assignments", related=("reviewer",), inlines=(Inline("scores"),)),
    )
    assignments = list(application.review_assignments.all())
    own = next((a for a in assignments if a.pk == assignment.pk), assignment)
    criteria = list(application.call.criteria.all())
    scores = {score.criterion_id: score for score in own.scores.all()}
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
    others = (
        application_score_table(
            application=application,
            submitted_only=True,
            criteria=criteria,
            assignments=assignments,
        )
        if assignment.is_submitted
        else None
    )
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
            shared_messages=(
                list(shared_with_reviewers(application=application))
                if assignment.can_score or assignment.is_submitted
                else []
            ),
            outside_district_area=application.outside_district_area,
            opts=ReviewAssignment._meta,
        ),
    )


# --- The ranking board, exports, letters, publication -----------------------------------------
