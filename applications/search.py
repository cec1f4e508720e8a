"""Searching applications: by reference, by organisation number, or by words in full text.

Words are looked up through the GIN indexes on the application's title and summary
(``application_search_vector``) and the organisation's name (``organisation_search_vector``):
each word must be found in one of them, so «havrom helgeland» finds a project on havrom by an
organisation in Helgeland. A reference (``KRN-2026-1-007``, or its start) and an organisation
number (nine digits, spaces allowed) are looked up by their own indexes instead.
"""

from __future__ import annotations

import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchRank
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When

from calls.search import prefix_query, search_words

from .applying.models import Application, application_search_vector
from .orgnr import normalise_orgnr
from .people.models import Organisation, organisation_search_vector

# A reference is a scheme code, the year, the call's number and a sequence: KRN-2026-1-007.
# Anything shaped like one (letters or digits joined by dashes, with a digit) is a reference.
_REFERENCE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]*)+$")
_ORGNR = re.compile(r"^(?:NO)?[\s\d]+(?:MVA)?$", re.IGNORECASE)


def orgnr_lookup(text: str) -> Q | None:
    """A lookup by organisation number when the text is one (spaces, NO … MVA), else None."""
    text = (text or "").strip()
    if not text or len(text) > 60 or not _ORGNR.match(text):
        return None
    number = normalise_orgnr(text)
    return Q(organisation__orgnr=number) if len(number) == 9 and number.isdigit() else None


def reference_lookup(text: str) -> Q | None:
    """A lookup by reference, or its beginning, when the text is shaped like one, else None."""
    text = (text or "").strip()
    if len(text) > 60 or not _REFERENCE.match(text) or not any(c.isdigit() for c in text):
        return None
    # References are written in capitals; their unique index has a twin for prefixes
    # (varchar_pattern_ops), so LIKE 'KRN-2026-%' is an index look-up.
    return Q(reference__startswith=text.upper())


class _AnyOf(Func):
    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def one_of(field: str, ids: QuerySet) -> Func:
    """``field = ANY(ARRAY(subquery))``: the subquery runs once, on its own (an InitPlan), and
    its list of ids is then looked up by index. Written as ``IN (subquery)`` the planner may
    instead join it and run the full-text test again for every row of a nested loop."""
    return _AnyOf(F(field), ArraySubquery(ids.order_by()))


def application_ids_with_word(word: str, *more: QuerySet) -> QuerySet:
    """The ids of the applications where one word is found in the title or summary or the
    organisation's name (and in any of ``more``: querysets of application ids).

    One indexed look-up per table, joined as a UNION: each part uses its GIN index, and the
    result is a list of ids, not a filter run on every row."""
    term = prefix_query([word])
    own = (
        Application.objects.alias(document=application_search_vector())
        .filter(document=term)
        .values("pk")
    )
    organisations = (
        Organisation.objects.alias(document=organisation_search_vector())
        .filter(document=term)
        .values("pk")
    )
    by_organisation = Application.objects.filter(one_of("organisation_id", organisations))
    by_organisation = by_organisation.values("pk")
    return own.order_by().union(by_organisation.order_by(), *(q.order_by() for q in more))


def search_rank(words: list[str], *, prefix: str = "", extra=None) -> SearchRank:
    """How well an application (reached through ``prefix``) matches all the words (ts_rank):
    a word in the title counts most, then the organisation's name, then the summary."""
    vector = application_search_vector(prefix) + organisation_search_vector(
        f"{prefix}organisation__"
    )
    if extra is not None:
        vector = vector + extra
    return SearchRank(vector, prefix_query(words))


def application_search(queryset: QuerySet[Application], text: str) -> QuerySet[Application]:
    """The applications in ``queryset`` that match ``text``, with ``search_rank`` (an alias for
    ordering; 1 for an organisation number or a reference: those match exactly).

    Text shaped like a reference (``covid-19`` is, too) finds references that begin with it
    and, as well, applications with its words."""
    lookup = orgnr_lookup(text)
    if lookup is not None:
        return queryset.filter(lookup).alias(search_rank=Value(1.0, output_field=FloatField()))
    words = search_words(text)
    reference = reference_lookup(text)
    if not words:
        return queryset.none().alias(search_rank=Value(0.0, output_field=FloatField()))
    with_words = Q()
    for word in words:
        with_words &= one_of("pk", application_ids_with_word(word))
    if reference is None:
        return queryset.filter(with_words).alias(search_rank=search_rank(words))
    exact = Value(1.0, output_field=FloatField())
    return queryset.filter(reference | with_words).alias(
        search_rank=Case(When(reference, then=exact), default=search_rank(words))
    )
