"""In-memory name index (articles, initiatives, organisations, people) for autocomplete and loose matching.

Rebuilt after every reload; lookups never touch SQLite. Keys come from `bot.names`, so case, accents,
apostrophe styles and a leading "the" never matter, and acronyms are keys of the full name.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable

from bot.names import acronym_of, clean_text, core_key, fold, name_key

KINDS = ("article", "initiative", "organisation", "person")
# The groups `complete` and `find` accept; "name" is anything `about` can answer.
GROUPS: dict[str, tuple[str, ...]] = {
    "article": ("article",),
    "initiative": ("initiative",),
    "organisation": ("organisation",),
    "person": ("person",),
    "name": ("organisation", "person", "initiative"),
}
_SCAN_CAP = 400  # most prefix entries looked at per keystroke: keeps autocomplete O(limit) on big corpora


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """Something a user can name: `value` is what commands take back (article id, initiative key, entity id)."""

    kind: str
    label: str
    value: str
    keys: tuple[str, ...]  # strong keys, keys[0] the label's own: exact name, core name, acronyms, file names
    loose: tuple[str, ...] = ()  # weak keys (derived initials), used only when no strong key matches
    rank: int = 0  # lower first: recent articles, entities named in many articles


def entry_keys(*names: str | None) -> tuple[str, ...]:
    """Distinct name_key/core_key forms of the given names."""
    keys: dict[str, None] = {}
    for name in names:
        if name:
            for key in (name_key(name), core_key(name)):
                if key:
                    keys[key] = None
    return tuple(keys)


def derived_acronym(name: str) -> tuple[str, ...]:
    """Initials of a multi-word name as a weak key ('Initiative for New Manufacturing' -> 'inm')."""
    if len(name.split()) < 2:
        return ()
    acronym = acronym_of(name)
    return (acronym.lower(),) if len(acronym) >= 2 else ()


class NameIndex:
    """Exact and prefix lookups over entry keys, per kind."""

    def __init__(self, entries: Iterable[IndexEntry] = ()) -> None:
        self.entries: dict[str, list[IndexEntry]] = {kind: [] for kind in KINDS}
        for entry in entries:
            self.entries[entry.kind].append(entry)
        self._exact: dict[str, dict[str, list[IndexEntry]]] = {}
        self._loose: dict[str, dict[str, list[IndexEntry]]] = {}
        self._prefix: dict[str, tuple[list[str], list[IndexEntry]]] = {}
        self._by_initial: dict[str, dict[str, list[str]]] = {}
        for kind, items in self.entries.items():
            items.sort(key=lambda e: (e.rank, fold(e.label)))
            exact: dict[str, list[IndexEntry]] = {}
            loose: dict[str, list[IndexEntry]] = {}
            pairs: list[tuple[str, int]] = []
            initials: dict[str, list[str]] = {}
            for order, entry in enumerate(items):
                for key in entry.keys:
                    exact.setdefault(key, []).append(entry)
                    words = key.split()
                    # Every word start is a prefix point: "new man" finds "initiative for new manufacturing".
                    pairs.extend((" ".join(words[i:]), order) for i in range(len(words)))
                    initials.setdefault(key[:1], []).append(key)
                for key in entry.loose:
                    loose.setdefault(key, []).append(entry)
                    pairs.append((key, order))
            pairs = sorted(set(pairs))
            self._exact[kind], self._loose[kind] = exact, loose
            self._prefix[kind] = ([p for p, _ in pairs], [items[o] for _, o in pairs])
            self._by_initial[kind] = initials

    def __len__(self) -> int:
        return sum(len(items) for items in self.entries.values())

    def find(self, group: str, text: str) -> list[IndexEntry]:
        """Entries whose keys equal the text's keys (strong keys first, then derived acronyms)."""
        keys = entry_keys(text) + ((fold(clean_text(text)),) if text.strip() else ())
        for table in (self._exact, self._loose):
            found: dict[int, IndexEntry] = {}
            for kind in GROUPS[group]:
                for key in keys:
                    for entry in table[kind].get(key, ()):
                        found.setdefault(id(entry), entry)
            if found:
                return sorted(found.values(), key=lambda e: (GROUPS[group].index(e.kind), e.rank))
        return []

    def complete(self, group: str, current: str, limit: int = 25) -> list[IndexEntry]:
        """Entries with a key (or a word of one) starting with `current`; the most prominent first."""
        prefix = name_key(current) if current.strip() else ""
        results: dict[int, IndexEntry] = {}
        for kind in GROUPS[group]:
            if not prefix:
                for entry in self.entries[kind][:limit]:
                    results.setdefault(id(entry), entry)
                continue
            keys, owners = self._prefix[kind]
            start = bisect_left(keys, prefix)
            for i in range(start, min(len(keys), start + _SCAN_CAP)):
                if not keys[i].startswith(prefix):
                    break
                results.setdefault(id(owners[i]), owners[i])
        ordered = sorted(results.values(), key=lambda e: (not e.keys[0].startswith(prefix), e.rank))
        return ordered[:limit]

    def suggest(self, group: str, text: str, n: int = 3) -> tuple[str, ...]:
        """Labels of close matches for a name that matched nothing (difflib over keys with the same initial)."""
        key = name_key(text)
        if not key:
            return ()
        labels: dict[str, None] = {}
        for kind in GROUPS[group]:
            pool = self._by_initial[kind].get(key[:1], [])
            if len(pool) < 50:  # few candidates share the initial: a typo may be in the first letter
                pool = [k for keys in self._by_initial[kind].values() for k in keys][:20_000]
            for match in difflib.get_close_matches(key, pool, n=n, cutoff=0.6):
                for entry in self._exact[kind].get(match, ()):
                    labels.setdefault(entry.label, None)
        return tuple(labels)[:n]
