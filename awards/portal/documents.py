"""The organisation's case documents on /my/ (innsyn, forvaltningsloven § 18): the application
as sent and the requests to supplement it, the assessments once the decision is sent, the letters,
the messages, the organisation's own appeals. Internal notes are never among them.

The reviewers' assessments are shown once the decision letter has reached the organisation:
until then they are working documents of an undecided case. Whether a reviewer's name is shown
is the call's choice (``Call.show_reviewer_names``, on by default); the reviewer's role always is.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from applications.models import Application, CorrectionRequest
from awards.assessment.models import ReviewAssignment, Score
from awards.letters.models import Letter
from awards.permissions import member_may_read_thread


def _reviews(application: Application) -> list[dict]:
    assignments = (
        ReviewAssignment.objects.filter(application=application, submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__order", "criterion__pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )
    show_names = application.call.show_reviewer_names
    return [
        {
            "number": number,
            "assignment": assignment,
            "name": assignment.reviewer if show_names else None,
            "scores": list(assignment.scores.all()),
        }
        for number, assignment in enumerate(assignments, start=1)
    ]


@login_required
def case_documents(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call__scheme", "organisation", "submitted_by"),
        pk=pk,
    )
    if not member_may_read_thread(user=request.user, application=application):
        raise Http404  # strangers learn nothing of which applications exist
    if application.submitted_at is None:
        raise Http404  # a draft is not a case yet
    letters = list(Letter.objects.filter(application=application).order_by("sent_at", "pk"))
    corrections = list(
        CorrectionRequest.objects.filter(application=application)
        .select_related("requested_by", "answered_by")
        .order_by("requested_at")
    )
    appeals = list(application.appeals.order_by("lodged_at", "pk"))
    thread = application.dialogue_messages.aggregate(
        count=Count("pk"), files=Count("pk", filter=~Q(attachment=""))
    )
    decided = application.outcome_is_announced
    return render(
        request,
        "awards/case_documents.html",
        {
            "application": application,
            "letters": letters,
            "corrections": corrections,
            "appeals": appeals,
            "messages_count": thread["count"],
            "message_files": thread["files"],
            "reviews": _reviews(application) if decided else [],
            "reviews_pending": not decided,
            "nav_section": "my",
        },
    )
