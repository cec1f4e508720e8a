"""The ranking board: applications by weighted score against the call's budget.

Every function here runs a fixed number of queries whatever the number of applications.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Avg, Count, OuterRef, Q
from django.db.models.functions import JSONObject

from applications.models import Application
from awards.assessment.models import Case, ReviewAssignment, Score
from calls.models import Call, Criterion

from .models import Decision

NOT_IN_ASSESSMENT = [Application.Status.DRAFT, Application.Status.WITHDRAWN]


@dataclass(frozen=True)
class Released:
    """What an awarded application's grant gave back to the call's budget: all of a declined or
    lapsed offer, or (``unpaid_rest``) what a closed or cancelled grant left unpaid."""

    amount: int
    unpaid_rest: bool = False


# Where money awarded from a call comes back to it: each source is called as ``source(call=...)``
# and answers {application id: Released}. The follow-up fills it in ``AwardsConfig.ready()``
# (declined and lapsed offers, the unpaid rest at close-out), so the decisions never import the
# later stage.
RELEASED_SOURCES: list[Callable[..., dict[int, Released]]] = []


def _released(*, call: Call) -> dict[int, tuple[int, int]]:
    """Of each awarded application of ``call``: (all it gave back, of that the unpaid rest)."""
    totals: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for source in RELEASED_SOURCES:
        for application_id, released in source(call=call).items():
            amount, rest = totals[application_id]
            totals[application_id] = (
                amount + released.amount,
                rest + (released.amount if released.unpaid_rest else 0),
            )
    return dict(totals)


def released_by_application(*, call: Call) -> dict[int, int]:
    """Of each awarded application of ``call``, what its grant gave back to the budget."""
    return {application_id: amount for application_id, (amount, _) in _released(call=call).items()}


def weighted_total(criteria: list[Criterion], averages: dict[int, float]) -> Decimal | None:
    """The weighted mean of the criteria's average scores, on the criteria's scale."""
    scored = [c for c in criteria if averages.get(c.pk) is not None]
    if not scored:
        return None
    weights = sum(c.weight for c in scored)
    if weights:
        total = sum(Decimal(c.weight) * Decimal(str(averages[c.pk])) for c in scored) / weights
    else:
        total = sum(Decimal(str(averages[c.pk])) for c in scored) / len(scored)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class RankingRow:
    application: Application
    score: Decimal | None
    reviews_submitted: int
    reviews_expected: int
    proposed: int
    in_competition: bool
    running_total: int = 0
    above_line: bool = False
    rank: int | None = None
    released: int = 0  # of an awarded amount, what the grant gave back to the budget
    released_unpaid_rest: int = 0  # of that, what a closed or cancelled grant left unpaid

    @property
    def case(self) -> Case | None:
        return getattr(self.application, "case", None)

    @property
    def decision(self) -> Decision | None:
        try:
            return self.application.decision
        except Decision.DoesNotExist:
            return None


@dataclass
class Ranking:
    call: Call
    criteria: list[Criterion]
    rows: list[RankingRow] = field(default_factory=list)
    line_after: int | None = None  # index of the last row above the funding line

    @property
    def proposed_total(self) -> int:
        return sum(row.proposed for row in self.rows if row.above_line)

    @property
    def requested_total(self) -> int:
        return sum(row.application.requested_amount for row in self.rows)

    @property
    def remaining(self) -> int:
        return self.call.budget - self.proposed_total

    @property
    def released_total(self) -> int:
        """What declined, lapsed and closed grants gave back: counted as available again."""
        return sum(row.released for row in self.rows)

    @property
    def released_offers(self) -> int:
        """Of that, the declined and lapsed offers."""
        return self.released_total - self.released_unpaid_rest

    @property
    def released_unpaid_rest(self) -> int:
        """Of that, what closed and cancelled grants left unpaid."""
        return sum(row.released_unpaid_rest for row in self.rows)

    @property
    def to_award(self) -> list[RankingRow]:
        """The applications above the funding line that are not decided yet."""
        return [row for row in self.rows if row.above_line and row.decision is None]

    @property
    def awarded_total(self) -> int:
        """What the call's award decisions still bind, wherever they stand on the board: the
        awarded amounts less what their grants gave back."""
        return sum(
            row.proposed
            for row in self.rows
            if row.decision and row.decision.outcome == Decision.Outcome.AWARD
        )

    def position_of(self, application: Application) -> int | None:
        """Where ``application`` stands on the board, counting from 1 (None when not on it)."""
        ids = [row.application.pk for row in self.rows]
        return ids.index(application.pk) + 1 if application.pk in ids else None

    def neighbours(self, application: Application) -> tuple[RankingRow | None, RankingRow | None]:
        """The applications before and after ``application`` in ranking order."""
        position = self.position_of(application)
        if position is None:
            return None, None
        index = position - 1
        previous = self.rows[index - 1] if index > 0 else None
        following = self.rows[index + 1] if index + 1 < len(self.rows) else None
        return previous, following


def _case_of(application: Application) -> Case | None:
    try:
        return application.case
    except Case.DoesNotExist:
        return None


def _decision_of(application: Application) -> Decision | None:
    try:
        return application.decision
    except Decision.DoesNotExist:
        return None


def _score_averages() -> ArraySubquery:
    """Of an application, each criterion's average score in its submitted reviews, as
    ``[{"criterion": id, "average": mean}, …]``."""
    return ArraySubquery(
        Score.objects.filter(
            assignment__application=OuterRef("pk"),
            assignment__submitted_at__isnull=False,
            score__isnull=False,
        )
        .order_by()
        .values("criterion_id")
        .annotate(average=Avg("score"))
        .values(json=JSONObject(criterion="criterion_id", average="average"))
    )


def call_ranking(*, call: Call) -> Ranking:
    """Applications of a call by weighted score, with proposed amounts and the funding line.

    Applications that failed the formal check or were rejected are listed last and never count
    towards the budget. An awarded application counts with its awarded amount less what its
    grant gave back (all of a declined or lapsed offer, the unpaid rest of a closed grant), so
    released money lets the next applications below the line come above it.
    """
    criteria = list(call.criteria.all())
    conflict = Q(review_assignments__impartiality=ReviewAssignment.Impartiality.CONFLICT)
    applications = list(
        Application.objects.filter(call=call)
        .exclude(status__in=NOT_IN_ASSESSMENT)
        .select_related("organisation__county", "case", "decision")
        .annotate(
            reviews_expected=Count("review_assignments", filter=~conflict),
            reviews_submitted=Count(
                "review_assignments", filter=Q(review_assignments__submitted_at__isnull=False)
            ),
            score_averages=_score_averages(),
        )
    )
    released = _released(call=call)
    rows = []
    for application in applications:
        case = _case_of(application)
        decision = _decision_of(application)
        in_competition = not (
            (case and case.eligibility == Case.Eligibility.INELIGIBLE)
            or (decision and decision.outcome == Decision.Outcome.REJECT)
        )
        given_back = unpaid_rest = 0
        if decision and decision.outcome == Decision.Outcome.AWARD:
            all_back, rest = released.get(application.pk, (0, 0))
            given_back = min(all_back, decision.amount or 0)
            unpaid_rest = min(rest, given_back)
            proposed = (decision.amount or 0) - given_back
        elif case and case.proposed_amount is not None:
            proposed = case.proposed_amount
        else:
            proposed = min(application.requested_amount, call.max_amount_per_project)
        rows.append(
            RankingRow(
                application=application,
                score=weighted_total(
                    criteria, {a["criterion"]: a["average"] for a in application.score_averages}
                ),
                reviews_submitted=application.reviews_submitted,
                reviews_expected=application.reviews_expected,
                proposed=proposed if in_competition else 0,
                in_competition=in_competition,
                released=given_back if in_competition else 0,
                released_unpaid_rest=unpaid_rest if in_competition else 0,
            )
        )
    rows.sort(
        key=lambda r: (
            not r.in_competition,
            r.score is None,
            -(r.score or 0),
            r.application.reference or "",
            r.application.pk,
        )
    )
    ranking = Ranking(call=call, criteria=criteria, rows=rows)
    running = 0
    line_open = True
    for index, row in enumerate(rows):
        if not row.in_competition:
            continue
        row.rank = index + 1
        running += row.proposed
        row.running_total = running
        if line_open and running <= call.budget:
            row.above_line = True
            ranking.line_after = index
        else:
            line_open = False
    return ranking
