"""Names of organisations and people are one line of text: they go into e-mail subjects, page
titles and lists, where a line break or control character breaks the header or the layout."""

from __future__ import annotations

import re
import unicodedata

from calls.formatting import person_name


def single_line(text: str) -> str:
    """The text with line breaks, tabs and other control characters made spaces, runs of spaces
    made one, and no space at either end."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def split_full_name(text: str) -> tuple[str, str]:
    """A full name as Django's first and last name: the last word is the last name, the rest the
    first name, so that ``get_full_name()`` gives back the name as typed ("Kari Anne Nordmann"
    → "Kari Anne", "Nordmann"). One word is a first name."""
    words = single_line(text).split(" ")
    if len(words) < 2:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def show_people_by_name() -> None:
    """Make ``str(user)`` the person's name (else e-mail address) instead of the username.

    The admin prints a user wherever one is linked (case owner, decided by, sent by, history,
    autocomplete and raw-id labels); the username is one sign-up made up and nobody chose.
    """
    from django.contrib.auth import get_user_model

    get_user_model().__str__ = person_name
