"""Plain data that flows between the pipeline's steps: parse -> extract -> store -> query -> render.

Nothing here imports spaCy, SQLite or Discord, so every step can be tested with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("founding_member", "member", "partner", "funder", "collaborator")


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of an article's source list (or a number only cited in the body)."""

    n: int
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the prose with the citation markers that were stripped from it."""

    index: int  # position in the article, 0-based, document order
    section: int  # index into Article.sections (0 is the lede, heading None)
    paragraph: int  # paragraph number within the article, 0-based
    text: str  # markers removed, whitespace normalised
    citations: tuple[int, ...]  # every marker in order, e.g. "[1][2]" -> (1, 2)
    start: int  # offset of `text` in Article.body
    # The source numbers that back this sentence: its own markers, deduplicated; an unmarked sentence
    # is covered by the next marker in its paragraph (a marker closes a run of sentences), else the
    # previous one. Facts report these; citation counts use `citations`.
    backing: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article file. Any part may be missing except the file name and at least one sentence."""

    file: str
    sha256: str
    title: str | None
    date: str | None  # YYYY-MM-DD from the date line, else from the dateline
    topic: str | None  # the tag after the date on the date line
    location: str | None  # city of the dateline
    sections: tuple[str | None, ...]  # headings; sections[0] is the lede (None)
    sentences: tuple[Sentence, ...]
    sources: tuple[Source, ...]  # as listed under the sources header, in order
    sources_header: str | None  # "Bronnen", "Sources", ... or None when absent
    tags: tuple[str, ...]  # the closing tag line
    body: str  # the prose spaCy sees: sentence texts joined, markers stripped

    def citation_counts(self) -> dict[int, int]:
        """Source number -> number of markers in the body."""
        counts: dict[int, int] = {}
        for sentence in self.sentences:
            for n in sentence.citations:
                counts[n] = counts.get(n, 0) + 1
        return dict(sorted(counts.items()))


# ---- extracted facts: every fact names the sentence (Article.sentences index) that backs it ----


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str  # fullest form in the article
    aliases: tuple[str, ...]  # acronyms and short forms used in the same article
    sentence: int


@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    acronym: str | None
    led_by: str | None  # organisation name
    sentence: int


@dataclass(frozen=True, slots=True)
class Partner:
    org: str
    initiative: str  # Initiative.name
    role: str  # one of ROLES
    sentence: int


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    org: str | None
    sentence: int


@dataclass(frozen=True, slots=True)
class Event:
    date: str | None  # YYYY-MM-DD when resolvable, else None
    when: str  # the date expression as written
    description: str  # short description (usually the sentence, trimmed)
    sentence: int


@dataclass(frozen=True, slots=True)
class Domain:
    name: str  # from the domain vocabulary
    sentence: int


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one article."""

    initiatives: tuple[Initiative, ...] = ()
    partners: tuple[Partner, ...] = ()
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()  # every organisation named, partners included
    events: tuple[Event, ...] = ()
    domains: tuple[Domain, ...] = ()
    summary: tuple[int, ...] = ()  # sentence indexes, in reading order


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    """What one ingest worker hands back to the writer."""

    article: Article
    facts: ArticleFacts = field(default_factory=ArticleFacts)
