"""Turning user text into a safe FTS5 query."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*", re.UNICODE)


def match_expression(text: str) -> str | None:
    """Each word becomes a quoted phrase (implicit AND), so `"`, `OR`, `NEAR(`, `*`, `-` are plain text.

    Returns None when the text has no searchable word."""
    words = _TOKEN.findall(text)[:32]
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)
