"""Turning user text into a safe FTS5 query."""

from __future__ import annotations

import re

_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*", re.UNICODE)


def match_expression(text: str) -> str | None:
    """Each word becomes a quoted phrase (implicit AND), so `"`, `OR`, `NEAR(`, `*`, `-` are plain text.

    Returns None when the text has no searchable word."""
    words = _TOKEN.findall(text)[:32]
    # Operator words typed as operators ("a OR b") are dropped rather than searched for, when others remain.
    plain = [w for w in words if w not in _OPERATORS]
    words = plain or words
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)
