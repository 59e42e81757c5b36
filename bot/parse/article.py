"""Parse an article file in the seed layout into an `Article`.

Layout (every part optional except some prose): title, the title again, `YYYY-MM-DD topic`, a dateline
`City, Weekday, D Month YYYY.` with the lede on the next line, headings and paragraphs, a sources header
(`Bronnen`, `Sources`, ...) with its list, and a closing tag line. Markdown headings and CRLF are accepted.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.model import Article, Sentence, Source
from bot.names import clean_text
from bot.parse.sentences import split_sentences, strip_markers

SOURCE_HEADERS = frozenset(
    """bronnen bron sources source references reference quellen quelle fuentes fonti fontes références
    sources:  kilder källor lähteet źródła zdroje forrás izvori citations bibliography notes""".split()
)
MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$")
_DATELINE = re.compile(
    rf"^(?P<city>[^\W\d][^,\n]{{0,60}}?)"
    rf"(?:,\s*(?P<weekday>{WEEKDAYS}))?"
    rf"(?:,\s*(?:(?P<d1>\d{{1,2}})\s+(?P<m1>[a-z]+)|(?P<m2>[a-z]+)\s+(?P<d2>\d{{1,2}}),?)\s+(?P<year>\d{{4}}))?"
    rf"\s*[.:\u2014-]?\s*$",
    re.IGNORECASE,
)
_SOURCE_ITEM = re.compile(r"^(?:\[(\d{1,6})\]|(\d{1,6})[.)])?\s*(.*)$")
_URL = re.compile(r"(https?://\S+)\s*$")
_TAG_LINE = re.compile(r"^[^\W_A-Z][^\s.!?:;,]*(?:\s+[^\W_A-Z][^\s.!?:;,]*){0,15}$")


class ArticleError(ValueError):
    """The file is not a readable article; the message says why."""


@dataclass(slots=True)
class _Block:
    lines: list[str]


def decode_article(raw: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is rejected."""
    if not raw.strip():
        raise ArticleError("empty file")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in raw[:8192]:
        raise ArticleError("binary file (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None


def parse_file(path: Path, max_bytes: int | None = None) -> Article:
    """Read and parse one article file."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ArticleError(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    return parse_article(path.read_bytes(), path.name)


def parse_article(raw: bytes | str, file: str, *, max_sentences: int = 2000, max_citations: int = 2000) -> Article:
    """Parse article bytes (or text); raise `ArticleError` when there is no article in them."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    sha256 = hashlib.sha256(raw).hexdigest()
    text = decode_article(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    # Zero-width and bidi control characters hide inside names ("Sie\u200bmens") and reorder what an embed
    # shows; they go before anything is split, stored or rendered (bot.names.clean_text, per line).
    lines = [clean_text(line) for line in text.split("\n")]
    if not any(lines):
        raise ArticleError("empty file")
    if any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x1a\x1b"):
        raise ArticleError("binary content (control characters), not a text article")

    blocks = _blocks(lines)
    title, date_str, topic, location, dateline_date, rest = _header(blocks)
    body_blocks, sources_header, source_blocks, tags = _split_tail(rest)

    sections: list[str | None] = [None]
    paragraphs: list[tuple[int, str]] = []
    for block in body_blocks:
        first = block.lines[0]
        if _is_heading(first) and (len(block.lines) == 1 or first.startswith("#")):
            sections.append(_heading_text(first))
            if len(block.lines) > 1:
                paragraphs.append((len(sections) - 1, " ".join(block.lines[1:])))
        else:
            paragraphs.append((len(sections) - 1, " ".join(block.lines)))

    sentences: list[Sentence] = []
    body_parts: list[str] = []
    offset = 0
    for p_index, (section, paragraph) in enumerate(paragraphs):
        if p_index:
            body_parts.append("\n\n")
            offset += 2
        first_in_paragraph = True
        for raw_sentence in split_sentences(paragraph):
            clean, numbers = strip_markers(raw_sentence)
            if not clean:
                if numbers and sentences:  # stray markers on their own belong to the sentence before
                    prev = sentences[-1]
                    sentences[-1] = Sentence(prev.index, prev.section, prev.paragraph, prev.text,
                                             prev.citations + numbers, prev.start)
                continue
            if not first_in_paragraph:
                body_parts.append(" ")
                offset += 1
            sentences.append(Sentence(len(sentences), section, p_index, clean, numbers, offset))
            body_parts.append(clean)
            offset += len(clean)
            first_in_paragraph = False

    sentences = _with_backing(sentences)
    if not sentences:
        raise ArticleError("no article prose found (only a title or headings)" if title else "no article text found")
    if len(sentences) > max_sentences:
        raise ArticleError(f"too many sentences ({len(sentences):,}; limit {max_sentences:,})")
    n_markers = sum(len(s.citations) for s in sentences)
    if n_markers > max_citations:
        raise ArticleError(f"too many citation markers ({n_markers:,}; limit {max_citations:,})")

    return Article(
        file=file,
        sha256=sha256,
        title=title,
        date=date_str or dateline_date,
        topic=topic,
        location=location,
        sections=tuple(sections),
        sentences=tuple(sentences),
        sources=_sources(source_blocks),
        sources_header=sources_header,
        tags=tags,
        body="".join(body_parts),
    )


def _with_backing(sentences: list[Sentence]) -> list[Sentence]:
    """Fill `Sentence.backing` (see its comment in bot.model)."""
    backing: list[tuple[int, ...]] = [tuple(dict.fromkeys(s.citations)) for s in sentences]
    # Backwards pass: an unmarked sentence takes the next marked one in its paragraph.
    following: tuple[int, ...] = ()
    for i in range(len(sentences) - 1, -1, -1):
        if i + 1 < len(sentences) and sentences[i + 1].paragraph != sentences[i].paragraph:
            following = ()
        if backing[i]:
            following = backing[i]
        elif sentences[i].citations == ():
            backing[i] = following
    # Forwards pass: what is still unmarked takes the previous marked one in its paragraph.
    previous: tuple[int, ...] = ()
    for i, sentence in enumerate(sentences):
        if i and sentences[i - 1].paragraph != sentence.paragraph:
            previous = ()
        if sentence.citations:
            previous = backing[i]
        elif not backing[i]:
            backing[i] = previous
    return [
        Sentence(s.index, s.section, s.paragraph, s.text, s.citations, s.start, b)
        for s, b in zip(sentences, backing)
    ]


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(_Block(current))
            current = []
    if current:
        blocks.append(_Block(current))
    return blocks


def _heading_text(line: str) -> str:
    return line.lstrip("#").strip().strip("*_").strip()


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    words = line.split()
    return 0 < len(words) <= 16 and line[-1] not in ".!?:;,\"”’)]" and not re.search(r"\[\d+\]", line)


def _header(blocks: list[_Block]) -> tuple[str | None, str | None, str | None, str | None, str | None, list[_Block]]:
    """Title (given once or twice), date line, dateline; returns what is left for the body."""
    title = date_str = topic = location = dateline_date = None
    rest = list(blocks)
    # Title: a first line that is a heading, possibly repeated as its own block.
    if rest and _is_heading(rest[0].lines[0]) and not _DATE_LINE.match(rest[0].lines[0]):
        first = rest[0]
        title = _heading_text(first.lines[0])
        first.lines.pop(0)
        if not first.lines:
            rest.pop(0)
        if rest and _heading_text(rest[0].lines[0]) == title:
            rest[0].lines.pop(0)
            if not rest[0].lines:
                rest.pop(0)
    # Date line.
    if rest and (match := _DATE_LINE.match(rest[0].lines[0])) and _valid_iso(match.group(1)):
        date_str, topic = match.group(1), (match.group(2) or "").strip() or None
        rest[0].lines.pop(0)
        if not rest[0].lines:
            rest.pop(0)
    # Dateline: its own line, with the lede directly under it (or alone in its block).
    if rest and (match := _DATELINE.match(rest[0].lines[0])) and _looks_like_dateline(match, rest[0]):
        location = match.group("city").strip()
        dateline_date = _dateline_date(match)
        rest[0].lines.pop(0)
        if not rest[0].lines:
            rest.pop(0)
    return title, date_str, topic, location, dateline_date, rest


def _looks_like_dateline(match: re.Match[str], block: _Block) -> bool:
    # "Cambridge." alone would also match a one-word heading: demand a date, a weekday, or a lede below it.
    if match.group("weekday") or match.group("year"):
        return True
    line = block.lines[0]
    return line.endswith(".") and len(line.split()) <= 4 and len(block.lines) > 1


def _valid_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _dateline_date(match: re.Match[str]) -> str | None:
    if not match.group("year"):
        return None
    day = match.group("d1") or match.group("d2")
    month = MONTHS.get((match.group("m1") or match.group("m2") or "").lower())
    if not month:
        return None
    try:
        return date(int(match.group("year")), month, int(day)).isoformat()
    except ValueError:
        return None


def _is_sources_header(line: str) -> bool:
    return _heading_text(line).rstrip(":").strip().lower() in SOURCE_HEADERS


def _split_tail(blocks: list[_Block]) -> tuple[list[_Block], str | None, list[_Block], tuple[str, ...]]:
    """Body blocks, sources header, source-list blocks and the closing tag line."""
    tags: tuple[str, ...] = ()
    if blocks:
        last_line = blocks[-1].lines[-1]
        header_only = len(blocks[-1].lines) == 1 and _is_sources_header(last_line)
        if _TAG_LINE.match(last_line) and not header_only and not _is_sources_header(last_line):
            tags = tuple(last_line.split())
            blocks[-1].lines.pop()
            if not blocks[-1].lines:
                blocks.pop()
    for i, block in enumerate(blocks):
        for j, line in enumerate(block.lines):
            if _is_sources_header(line) and (j == 0 or line.startswith("#")):
                header = _heading_text(line).rstrip(":").strip()
                body = blocks[:i] + ([_Block(block.lines[:j])] if j else [])
                tail = ([_Block(block.lines[j + 1 :])] if block.lines[j + 1 :] else []) + blocks[i + 1 :]
                return body, header, tail, tags
    return blocks, None, [], tags


def _sources(blocks: list[_Block]) -> tuple[Source, ...]:
    sources: list[Source] = []
    seen: set[int] = set()
    for block in blocks:
        for line in block.lines:
            match = _SOURCE_ITEM.match(line.lstrip("-*• ").strip())
            if not match or not match.group(3).strip() and not (match.group(1) or match.group(2)):
                continue
            n = int(match.group(1) or match.group(2) or (max(seen, default=0) + 1))
            text = match.group(3).strip()
            url_match = _URL.search(text)
            url = url_match.group(1) if url_match else None
            title = text[: url_match.start()] if url_match else text
            title = re.sub(r"\s*[-–—:|]\s*$", "", title).strip() or None
            if n in seen:
                continue
            seen.add(n)
            sources.append(Source(n=n, title=title, url=url))
    return tuple(sources)
