"""Reads of awards that public pages share."""

from __future__ import annotations

from dataclasses import dataclass, field

from calls.models import Call

from .models import Award


@dataclass
class AwardGroup:
    call: Call
    awards: list[Award] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(award.amount for award in self.awards)

    @property
    def illustrative(self) -> bool:
        return any(award.is_illustrative for award in self.awards)


def award_groups_public(*, queryset=None) -> list[AwardGroup]:
    """Published awards grouped per call, newest call first, in one query."""
    awards = (queryset if queryset is not None else Award.objects.all()).published().for_listing()
    groups: list[AwardGroup] = []
    for award in awards:
        call = award.application.call
        if not groups or groups[-1].call.pk != call.pk:
            groups.append(AwardGroup(call=call))
        groups[-1].awards.append(award)
    return groups
