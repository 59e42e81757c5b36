"""The neutral answer every command produces; the CLI prints it, the Discord cogs turn it into embeds.

One `Answer` per command call. Each `Line` carries the source numbers of the sentences behind it, so
provenance survives every output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Line:
    """One fact line: text plus the source numbers that back it (rendered as `[1][2]`)."""

    text: str
    sources: tuple[int, ...] = ()
    group: str | None = None  # optional heading the line belongs to (e.g. a role or an article)

    def render(self) -> str:
        marks = "".join(f"[{n}]" for n in self.sources)
        return f"{self.text} {marks}" if marks else self.text


@dataclass(frozen=True, slots=True)
class Answer:
    """A titled list of fact lines with the article they come from."""

    title: str
    lines: tuple[Line, ...] = ()
    intro: str | None = None  # one sentence above the lines
    provenance: str | None = None  # "Article: <title> (<file>, <date>)"
    empty: str = "Nothing found."  # shown when there are no lines
    data: Any = None  # JSON-ready payload for `--json` (lists/dicts of plain values)
    extra: dict[str, str] = field(default_factory=dict)  # short key/value facts (e.g. counts)


class NotFound(LookupError):
    """A user-given name matched nothing; carries close matches to suggest."""

    def __init__(self, kind: str, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.kind, self.query, self.suggestions = kind, query, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No {kind} matches {query!r}.{hint}")
