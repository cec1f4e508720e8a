"""Rules the assessment puts on a call once it has started."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.orgnr import format_orgnr
from calls.models import Criterion

from .models import Score


def call_has_scores(*, call_id: int | None) -> bool:
    return call_id is not None and (
        Score.objects.filter(criterion__call_id=call_id, score__isnull=False).exists()
    )


def criterion_check_weight(*, criterion: Criterion) -> None:
    """Once reviewers have given scores, the call's criteria and weights stay as they were
    (run by Criterion.clean): the scores were given, and are weighted, against them."""
    if not call_has_scores(call_id=criterion.call_id):
        return
    if criterion.pk is None:
        raise ValidationError(
            _(
                "Fagvurdererne har begynt å gi karakterer i denne utlysningen, så nye "
                "kriterier kan ikke legges til."
            )
        )
    saved = Criterion.objects.filter(pk=criterion.pk).values_list("weight", flat=True).first()
    if saved is not None and saved != criterion.weight:
        raise ValidationError(
            {
                "weight": _(
                    "Vekten er låst fordi fagvurdererne har begynt å gi karakterer i denne "
                    "utlysningen (var %(weight)s %%)."
                )
                % {"weight": saved}
            }
        )


def staff_conflict_reason(*, user, application) -> str:
    """Why the person may not prepare or decide this case because they act for the applicant
    or one of its partners (forvaltningsloven § 6), or "" when nothing blocks them. The same
    automatic block as for reviewers, for case handlers and decision-makers."""
    from .services import reviewer_conflicting_orgnrs

    conflicts = reviewer_conflicting_orgnrs(reviewer=user, application=application)
    if not conflicts:
        return ""
    return _(
        "%(person)s handler for en organisasjon som er søker eller partner (org.nr. "
        "%(orgnr)s), og er inhabil i saken."
    ) % {
        "person": user,
        "orgnr": ", ".join(format_orgnr(orgnr) for orgnr in sorted(conflicts)),
    }


def staff_require_impartial(*, user, application) -> None:
    reason = staff_conflict_reason(user=user, application=application)
    if reason:
        raise ValidationError(reason, code="conflict")
