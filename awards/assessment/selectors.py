"""Reads for the assessment pages: every reviewer's scores per criterion and their spread, and
the role a reviewer reviews in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from applications.models import Application, Membership
from awards import roles
from calls.models import Criterion

from .models import ReviewAssignment, Score

# A spread of at least this share of a criterion's scale between two reviewers is highlighted.
SPREAD_WARNING_SHARE = Decimal("0.4")


@dataclass
class CriterionSpread:
    criterion: Criterion
    scores: list[tuple[ReviewAssignment, Score | None]]
    average: Decimal | None
    spread: int | None
    is_large: bool


def application_score_table(
    *,
    application: Application,
    submitted_only: bool = False,
    criteria: list[Criterion] | None = None,
    assignments: list[ReviewAssignment] | None = None,
) -> list[CriterionSpread]:
    """Per criterion, every reviewer's score, the average and whether they disagree a lot.

    A page that has read the call's criteria, or the application's assignments with their
    reviewers and scores, passes them in instead of reading them again."""
    if criteria is None:
        criteria = list(application.call.criteria.all())
    if assignments is None:
        assignments = application.review_assignments.select_related("reviewer").prefetch_related(
            "scores"
        )
    assignments = [a for a in assignments if a.can_score and (a.is_submitted or not submitted_only)]
    table = []
    for criterion in criteria:
        cells = []
        values = []
        for assignment in assignments:
            score = next(
                (s for s in assignment.scores.all() if s.criterion_id == criterion.pk), None
            )
            cells.append((assignment, score))
            if assignment.is_submitted and score is not None and score.score is not None:
                values.append(score.score)
        spread = (max(values) - min(values)) if len(values) > 1 else None
        scale = criterion.scale_max - criterion.scale_min
        table.append(
            CriterionSpread(
                criterion=criterion,
                scores=cells,
                average=(Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))
                if values
                else None,
                spread=spread,
                is_large=spread is not None and spread >= max(1, SPREAD_WARNING_SHARE * scale),
            )
        )
    return table


# Words in the name of a reviewer's organisation that say which partner they review for.
_ROLE_BY_ORGANISATION_WORD = {
    "fylkeskommune": ReviewAssignment.Role.COUNTY_COUNCIL,
    "forskningsrådet": ReviewAssignment.Role.RESEARCH_COUNCIL,
    "siva": ReviewAssignment.Role.SIVA,
}


def reviewer_role_for(*, reviewer) -> str | None:
    """The role the person reviews in, from their group (advisers) and the organisations they
    belong to (a county council, the Research Council, Siva); None when it cannot be told."""
    if reviewer.groups.filter(name=roles.ADVISER).exists():
        return ReviewAssignment.Role.ADVISER
    found = set()
    names = Membership.objects.filter(user=reviewer).values_list("organisation__name", flat=True)
    for name in names:
        words = name.casefold().replace("-", " ").split()
        for word, role in _ROLE_BY_ORGANISATION_WORD.items():
            if any(w == word or w.endswith(word) for w in words):
                found.add(role)
    return found.pop() if len(found) == 1 else None
