"""Full-text search in Norwegian: the stored expressions the GIN indexes are built on, and the
query made from what a person typed.

PostgreSQL's ``norwegian`` configuration stems words (bokmål), so «klynger» finds «klynge».
Every word typed is also a prefix (``havrom:*``), so «havrom» finds «havromsteknologi». The
words of a search must all be found (AND), as in a web search.

The query text never reaches ``to_tsquery`` as typed: only runs of letters and digits are kept,
each quoted as one lexeme, so no input (quotes, ``&|!():*``, NUL, very long words) can change
the query's syntax or make PostgreSQL refuse it.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector

CONFIG = "norwegian"
# Longer words are cut: nobody searches for 100 letters, and PostgreSQL refuses lexemes > 2 KB.
WORD_MAX_LENGTH = 60
WORDS_MAX = 12

_WORD = re.compile(r"[^\W_]+")


def norwegian_vector(field: str, weight: str) -> SearchVector:
    """One column as a weighted tsvector (``to_tsvector('norwegian', coalesce(field, ''))``).

    Indexes and queries must use the very same expression for the index to be used.
    """
    return SearchVector(field, config=CONFIG, weight=weight)


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased, without duplicates, in the order typed."""
    words: list[str] = []
    for match in _WORD.finditer((text or "").replace("\x00", " ")):
        word = match.group().lower()[:WORD_MAX_LENGTH]
        if word not in words:
            words.append(word)
    return words[:WORDS_MAX]


def prefix_query(words: list[str]) -> SearchQuery:
    """``to_tsquery('norwegian', 'word1':* & 'word2':*)``: every word, each as a prefix.

    The words come from ``search_words``: letters and digits only, so quoting them is enough.
    """
    return SearchQuery(
        " & ".join(f"'{word}':*" for word in words), config=CONFIG, search_type="raw"
    )


def call_search_vector(prefix: str = ""):
    """A call's title (weight D), for searches that include the call (the award list). Calls
    are few, so this is not indexed. ``prefix`` reaches it through a relation."""
    return norwegian_vector(f"{prefix}title", "D")
