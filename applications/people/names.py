"""Names of organisations and people are one line of text: they go into e-mail subjects, page
titles and lists, where a line break or control character breaks the header or the layout."""

from __future__ import annotations

import re
import unicodedata


def single_line(text: str) -> str:
    """The text with line breaks, tabs and other control characters made spaces, runs of spaces
    made one, and no space at either end."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()
