"""Sentence splitting and citation markers, without spaCy.

Sentences are the unit of provenance: every fact points at one, and the sentence keeps the citation
numbers whose markers were stripped from it. Splitting is rule based so it is fast, deterministic and
the same in the serving process (which never loads spaCy) and the ingest workers.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"\[(\d{1,6})\]")
# A marker and the blank before it go; "creation [1]." -> "creation."
_MARKER_WITH_SPACE = re.compile(r"\s*\[\d{1,6}\]")
# Candidate boundary: terminator, optional closing quote/bracket, optional markers, then space.
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*(?:\s*\[\d{1,6}\])*\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý])")
# Words after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gov sen rep gen col lt sgt capt rev hon pres inc corp co ltd llc
    plc bros dept univ assn est vs etc e.g i.e no nos fig approx jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.u a.m p.m ph.d""".split()
)


# After these, a period is an abbreviation unless the next word clearly opens a sentence
# ("... founded by Acme Corp. The alliance ...").
_NAME_SUFFIXES = frozenset("inc corp co ltd llc plc bros".split())
_SENTENCE_OPENERS = frozenset(
    """the a an this that these those it its they their he she his her we our in on at as after before but
    and however meanwhile since while when with for from by during""".split()
)


def _ends_with_abbreviation(text: str) -> bool:
    match = re.search(r"(\S+)\.$", text)
    if not match:
        return False
    word = match.group(1).lstrip("(\"“‘").lower()
    if word in ABBREVIATIONS:
        return True
    # An initial ("Sally A.") or a dotted acronym ("U.S.", "D.C.") rarely ends a sentence in news prose.
    return bool(re.fullmatch(r"[a-z]|(?:[a-z]\.)+[a-z]", word))


def _suffix_then_opener(head: str, paragraph: str, next_start: int) -> bool:
    last = head.rsplit(None, 1)[-1].rstrip(".").lower()
    following = paragraph[next_start:].split(None, 1)
    return last in _NAME_SUFFIXES and bool(following) and following[0].lower() in _SENTENCE_OPENERS


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into raw sentences (markers still in place, attached to the sentence before)."""
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(paragraph):
        candidate = paragraph[start : boundary.end()].strip()
        head = MARKER.sub("", candidate).rstrip(" \"”’)]")
        if head.endswith(".") and _ends_with_abbreviation(head) and not _suffix_then_opener(head, paragraph, boundary.end()):
            continue
        sentences.append(candidate)
        start = boundary.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def strip_markers(raw: str) -> tuple[str, tuple[int, ...]]:
    """Remove citation markers from a sentence; return the clean text and the numbers in order."""
    numbers = tuple(int(n) for n in MARKER.findall(raw))
    clean = _MARKER_WITH_SPACE.sub("", raw)
    clean = re.sub(r"\s+", " ", clean).strip()
    return clean, numbers
