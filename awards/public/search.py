"""The text search of the public award list and the exports (one function, so they agree).

Every word must be found in the project's title or summary, the organisation's name or the
call's title, in Norwegian full text (stemmed, each word also a prefix: «havrom» finds
«havromsteknologi», «klynger» finds «klynge»). The title and summary, and the organisation's
name, are found through their GIN indexes (``applications.search``).

Matches are ranked (``search_rank``: a word in the title counts most, then the organisation,
the summary and the call's title). The list stays grouped per call, so the rank orders the
awards within each call (``AwardQuerySet.for_listing``), in the list and the exports alike.
"""

from __future__ import annotations

from django.db.models import QuerySet

from applications.models import Application
from applications.search import application_ids_with_word, one_of, search_rank
from awards.decisions.models import Award
from calls.models import Call
from calls.search import call_search_vector, prefix_query, search_words


def _in_calls_with_word(word: str) -> QuerySet:
    """The ids of the applications to calls whose title has the word (calls are few)."""
    calls = (
        Call.objects.alias(document=call_search_vector())
        .filter(document=prefix_query([word]))
        .values("pk")
    )
    return Application.objects.filter(one_of("call_id", calls)).values("pk")


def award_text_search(awards: QuerySet[Award], text: str) -> QuerySet[Award]:
    """The awards that match every word of ``text``, with their rank as ``search_rank`` (an
    alias for ordering). Text without a single word (only punctuation) matches nothing."""
    words = search_words(text)
    if not words:
        return awards.none()
    for word in words:
        ids = application_ids_with_word(word, _in_calls_with_word(word))
        awards = awards.filter(one_of("application_id", ids))
    return awards.alias(
        search_rank=search_rank(
            words, prefix="application__", extra=call_search_vector("application__call__")
        )
    )
