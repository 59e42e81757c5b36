"""In-memory name index (articles, initiatives, organisations, people) for autocomplete and loose matching.

Rebuilt after every reload; lookups never touch SQLite. Keys come from `bot.names`, so case, accents,
apostrophe styles and a leading "the" never matter, and acronyms are keys of the full name.
"""

from __future__ import annotations

import difflib
import json
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Iterable

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
_SCAN_CAP = 100  # most prefix entries looked at per kind and keystroke: keeps autocomplete O(limit)
_SUGGEST_POOL = 100  # keys difflib compares per source of candidates for a misspelt name


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


def article_keys(title: str | None, file: str) -> list[str]:
    """An article is named by its title, its file name or the file name without extension."""
    return list(entry_keys(title, file, file.rsplit(".", 1)[0]))


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
        self._by_initial: dict[str, dict[str, list[tuple[int, str]]]] = {}
        self._by_word: dict[str, dict[str, list[str]]] = {}
        for kind, items in self.entries.items():
            items.sort(key=lambda e: (e.rank, e.keys[0] if e.keys else ""))
            exact: dict[str, list[IndexEntry]] = {}
            loose: dict[str, list[IndexEntry]] = {}
            prefixes: list[str] = []
            owners: list[IndexEntry] = []
            initials: dict[str, list[tuple[int, str]]] = {}
            words: dict[str, list[str]] = {}
            for entry in items:
                for key in entry.keys:
                    exact.setdefault(key, []).append(entry)
                    parts = key.split()
                    # Every word start is a prefix point: "new man" finds "initiative for new manufacturing".
                    for i in range(len(parts)):
                        prefixes.append(" ".join(parts[i:]))
                        owners.append(entry)
                        if len(parts[i]) >= 3:
                            words.setdefault(parts[i], []).append(key)
                    initials.setdefault(key[:1], []).append((len(key), key))
                for key in entry.loose:
                    loose.setdefault(key, []).append(entry)
                    prefixes.append(key)
                    owners.append(entry)
            order = sorted(range(len(prefixes)), key=prefixes.__getitem__)  # stable: prominent entries first
            self._exact[kind], self._loose[kind] = exact, loose
            self._prefix[kind] = ([prefixes[i] for i in order], [owners[i] for i in order])
            self._by_initial[kind] = {initial: sorted(set(keys)) for initial, keys in initials.items()}
            self._by_word[kind] = words

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
            # Candidates: keys sharing a (not too common) word with the text, and keys with the same initial and
            # a similar length; difflib then only compares a few hundred strings.
            pool: dict[str, None] = {}
            for word in key.split():
                postings = self._by_word[kind].get(word, ())
                if len(postings) <= _SUGGEST_POOL:
                    pool.update(dict.fromkeys(postings))
            by_length = self._by_initial[kind].get(key[:1], [])
            slack = max(2, len(key) // 4)
            lo, hi = bisect_left(by_length, (len(key) - slack, "")), bisect_left(by_length, (len(key) + slack + 1, ""))
            near = [k for _, k in by_length[lo:hi]]
            if len(near) > _SUGGEST_POOL:  # keep the keys closest in length
                near.sort(key=lambda k: abs(len(k) - len(key)))
                near = near[:_SUGGEST_POOL]
            pool.update(dict.fromkeys(near))
            # A typo in a long name keeps most of it; the higher bar lets difflib's quick checks drop most candidates.
            cutoff = 0.8 if len(key) >= 8 else 0.6
            for match in difflib.get_close_matches(key, pool, n=n, cutoff=cutoff):
                for entry in self._exact[kind].get(match, ()):
                    labels.setdefault(entry.label, None)
        return tuple(labels)[:n]


def build_index(articles: Iterable, initiatives: Iterable, entities: Iterable) -> NameIndex:
    """The index from the rows `FactStore.refresh` reads (keys stored by the writer; computed for old rows)."""
    entries: list[IndexEntry] = []
    for rank, a in enumerate(articles):
        keys = tuple(json.loads(a["keys"])) or tuple(article_keys(a["title"], a["file"]))
        loose = tuple(json.loads(a["loose_keys"])) if a["keys"] != "[]" else derived_acronym(a["title"] or "")
        entries.append(IndexEntry("article", article_label(a), str(a["id"]), keys + (str(a["id"]),), loose, rank))
    for i in initiatives:
        keys = tuple(json.loads(i["keys"])) or (i["key"], *entry_keys(i["name"], i["acronym"]))
        loose = tuple(json.loads(i["loose_keys"])) if i["keys"] != "[]" else derived_acronym(i["name"])
        label = f"{i['name']} ({i['acronym']})" if i["acronym"] else i["name"]
        entries.append(IndexEntry("initiative", label, i["key"], tuple(dict.fromkeys(keys)), loose, -i["articles"]))
    for e in entities:
        keys = (e["key"], *e["keys"].split("\x1f"))
        entries.append(IndexEntry(e["kind"], e["name"], str(e["id"]), tuple(dict.fromkeys(keys)), (),
                                  -(e["articles"] or 0)))
    return NameIndex(entries)


def article_label(row: Any) -> str:
    """'Title (file, date)': how an article is named in provenance lines and autocomplete."""
    detail = ", ".join(x for x in (row["file"], row["date"]) if x)
    return f"{row['title'] or row['file']} ({detail})"
