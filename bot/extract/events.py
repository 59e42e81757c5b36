"""Dated events: date expressions in the prose resolved to YYYY-MM-DD, year-less ones against the article date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.model import Article, Event

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_M = "|".join(MONTHS)
_W = "|".join(WEEKDAYS)
_DATE = re.compile(
    rf"\b(?:(?P<wd>{_W}),?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_M})|(?P<m2>{_M})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)"
    rf"(?:\s+(?P<y>\d{{4}}))?\b"
    rf"|\b(?:in|since|from|until|by)\s+(?P<m3>{_M})\s+(?P<y3>\d{{4}})\b"
    rf"|\bon\s+(?P<wd2>{_W})\b",
    re.IGNORECASE,
)


def _article_date(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.date) if article.date else None
    except ValueError:
        return None


def resolve(match: re.Match[str], ref: date | None) -> str | None:
    """The ISO date of one match, or None when it cannot be pinned down."""
    if match.group("m3"):
        return None  # a month only: no day to report
    if match.group("wd2"):
        if ref is None:
            return None
        back = (ref.weekday() - WEEKDAYS.index(match.group("wd2").lower())) % 7
        return (ref - timedelta(days=back)).isoformat()
    month = MONTHS[(match.group("m1") or match.group("m2")).lower()]
    day = int(match.group("d1") or match.group("d2"))
    year = int(match.group("y")) if match.group("y") else None
    if year is None:
        if ref is None:
            return None
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1  # news reports the past
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_events(article: Article) -> list[Event]:
    ref = _article_date(article)
    events = []
    for sentence in article.sentences:
        for match in _DATE.finditer(sentence.text):
            text = sentence.text
            description = text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "..."
            events.append(Event(resolve(match, ref), match.group(0).strip(), description, sentence.index))
    return events
