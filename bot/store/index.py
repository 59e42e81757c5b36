"""In-memory name index (articles, initiatives, organisations, people) for autocomplete and loose matching.

Rebuilt after every reload; lookups never touch SQLite. Keys come from `bot.names`, so case, accents,
apostrophe styles and a leading "the" never matter, and acronyms are keys of the full name.

Stored compactly (a few strings and int arrays per kind, no object per entry or per prefix): at 10,000
articles it is ~57k entries and ~250k prefix points, which as Python objects cost ~70 MB of the serving
process. `IndexEntry` objects are made only for the entries a lookup returns.
"""

from __future__ import annotations

import heapq
import json
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence, overload

from bot.names import acronym_of, clean_text, core_key, fold, name_key
from bot.store.suggest import KEY_END, candidates, close_matches

KINDS = ("article", "initiative", "organisation", "person")
# The groups `complete` and `find` accept; "name" is anything `about` can answer.
GROUPS: dict[str, tuple[str, ...]] = {
    "article": ("article",),
    "initiative": ("initiative",),
    "organisation": ("organisation",),
    "person": ("person",),
    "name": ("organisation", "person", "initiative"),
}
_SCAN_CAP = 100  # most prefix points looked at per table, kind and keystroke: keeps autocomplete O(limit)
_END = KEY_END
_CHUNK = 2048  # entries joined at a time while building: the build never holds one small string per key


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


def _clean_keys(keys: Iterable[str]) -> list[str]:
    # Lookups fold white space, so a stored key is matched in the same form; _END never occurs in a key.
    return list(dict.fromkeys(k for k in (" ".join(key.replace(_END, " ").split()) for key in keys) if k))


class _Joined:
    """Many strings as one string and an array of offsets (entry i is text[at[i]:at[i + 1]])."""

    __slots__ = ("text", "at", "_chunks", "_pending", "_size")

    def __init__(self) -> None:
        self.text, self.at = "", array("I", [0])
        self._chunks: list[str] = []
        self._pending: list[str] = []
        self._size = 0

    def add(self, part: str) -> int:
        """Append a part; returns its offset."""
        start = self._size
        self._pending.append(part)
        self._size += len(part)
        self.at.append(self._size)
        if len(self._pending) >= _CHUNK:
            self._chunks.append("".join(self._pending))
            self._pending.clear()
        return start

    def close(self) -> None:
        self._chunks.append("".join(self._pending))
        self.text = "".join(self._chunks)
        self._chunks, self._pending = [], []

    def __getitem__(self, i: int) -> str:
        return self.text[self.at[i]:self.at[i + 1]]


class _Table:
    """One kind's entries in rank order. Entry i's strong keys then its loose keys, each ended by _END, are
    `keys.text[keys.at[i]:loose_at[i]]` and `[loose_at[i]:keys.at[i + 1]]`. Sorted offset arrays into
    that text serve the lookups: `full` (strong key starts), `words` (later word starts in strong keys),
    `loose` (loose key starts) and `by_length` (distinct strong keys by initial, then length)."""

    __slots__ = ("kind", "keys", "loose_at", "labels", "values", "ranks", "full", "words", "loose", "by_length",
                 "backward")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.keys, self.labels, self.values = _Joined(), _Joined(), _Joined()
        self.loose_at = array("I")
        self.ranks = array("q")
        self.full, self.words, self.loose, self.by_length = array("I"), array("I"), array("I"), array("I")
        self.backward = array("I")

    def add(self, label: str, value: str, keys: Sequence[str], loose: Sequence[str], rank: int) -> None:
        strong, weak = _clean_keys(keys), _clean_keys(loose)
        start = self.keys._size
        for key in strong:
            self.full.append(start)
            # Every word start is a prefix point: "new man" finds "initiative for new manufacturing".
            self.words.extend(start + i + 1 for i, ch in enumerate(key) if ch == " ")
            start += len(key) + 1
        self.loose_at.append(start)
        for key in weak:
            self.loose.append(start)
            start += len(key) + 1
        self.keys.add("".join(k + _END for k in strong + weak))
        self.labels.add(label)
        self.values.add(value)
        self.ranks.append(rank)

    def close(self) -> None:
        for joined in (self.keys, self.labels, self.values):
            joined.close()
        text = self.keys.text
        self.full, self.words, self.loose = (self._sorted(points) for points in (self.full, self.words, self.loose))
        # Distinct strong keys grouped by initial (`full` is in key order), by length within each initial.
        by_length, run, previous = array("I"), array("I"), None
        for offset in self.full:
            key = self.key_at(offset)
            if key == previous:
                continue
            if previous is not None and key[0] != previous[0]:
                by_length.extend(sorted(run, key=lambda o: text.index(_END, o) - o))
                run = array("I")
            run.append(offset)
            previous = key
        by_length.extend(sorted(run, key=lambda o: text.index(_END, o) - o))
        self.by_length = by_length
        self.backward = self._sorted(by_length, backward=True)

    def _sorted(self, points: array, backward: bool = False) -> array:
        """Offsets sorted by the key text from each one (stable: entries of equal keys stay in rank order),
        or by the reversed key. Sorted a first character at a time, so at most one bucket's sort keys exist
        at once."""
        text = self.keys.text
        buckets: dict[str, array] = {}
        for offset in points:
            buckets.setdefault(text[text.index(_END, offset) - 1] if backward else text[offset],
                               array("I")).append(offset)
        ordered = array("I")
        sort_key = self.reversed_key_at if backward else self.key_at
        for initial in sorted(buckets):
            ordered.extend(sorted(buckets.pop(initial), key=sort_key))
        return ordered

    def __len__(self) -> int:
        return len(self.ranks)

    def key_at(self, offset: int) -> str:
        return self.keys.text[offset:self.keys.text.index(_END, offset)]

    def reversed_key_at(self, offset: int) -> str:
        return self.key_at(offset)[::-1]

    def owner(self, offset: int) -> int:
        return bisect_right(self.keys.at, offset) - 1

    def entry(self, i: int) -> IndexEntry:
        keys, at = self.keys.text, self.keys.at
        strong = keys[at[i]:self.loose_at[i]].split(_END)[:-1]
        loose = keys[self.loose_at[i]:at[i + 1]].split(_END)[:-1]
        return IndexEntry(self.kind, self.labels[i], self.values[i], tuple(strong), tuple(loose), self.ranks[i])

    def label_key_starts(self, i: int, prefix: str) -> bool:
        """Whether the entry's own key (keys[0]) starts with `prefix`."""
        start = self.keys.at[i]
        return start < self.loose_at[i] and self.keys.text.startswith(prefix, start)

    def range_of(self, points: array, prefix: str, exact: bool = False) -> tuple[int, int]:
        """Positions in `points` whose key text starts with `prefix` (or equals it)."""
        text = self.keys.text
        if exact:
            prefix += _END
        width = len(prefix)
        # Cutting every key to the prefix's width keeps the order (a shorter key's _END sorts first).
        cut = lambda o: text[o:o + width]  # noqa: E731
        return bisect_left(points, prefix, key=cut), bisect_right(points, prefix, key=cut)

    def first_points(self, prefix: str, cap: int) -> Iterator[int]:
        """Owners of the first `cap` prefix points (full keys, later words, loose keys together) that start
        with `prefix`, in key order, equal keys in rank order."""
        ranges = [(points, lo, min(hi, lo + cap)) for points in (self.full, self.words, self.loose)
                  for lo, hi in (self.range_of(points, prefix),) if lo < hi]
        if len(ranges) == 1:  # the usual case after a few letters: no merge, no key strings
            points, lo, hi = ranges[0]
            return (self.owner(points[pos]) for pos in range(lo, hi))
        streams = [self._keyed(points, lo, hi) for points, lo, hi in ranges]
        return (owner for _, owner in islice(heapq.merge(*streams), cap))

    def _keyed(self, points: array, lo: int, hi: int) -> Iterator[tuple[str, int]]:
        for pos in range(lo, hi):
            yield self.key_at(points[pos]), self.owner(points[pos])

    def matching(self, points: array, prefix: str, exact: bool = False, cap: int | None = None) -> Iterator[int]:
        """Entry numbers owning the points that match, in key order (capped)."""
        lo, hi = self.range_of(points, prefix, exact)
        if cap is not None:
            hi = min(hi, lo + cap)
        for pos in range(lo, hi):
            yield self.owner(points[pos])


class _Entries(Sequence[IndexEntry]):
    """A kind's entries, most prominent first, made on demand."""

    def __init__(self, table: _Table) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, i: int) -> IndexEntry: ...
    @overload
    def __getitem__(self, i: slice) -> list[IndexEntry]: ...

    def __getitem__(self, i: int | slice) -> IndexEntry | list[IndexEntry]:
        if isinstance(i, slice):
            return [self._table.entry(j) for j in range(*i.indices(len(self._table)))]
        if i < 0:
            i += len(self._table)
        if not 0 <= i < len(self._table):
            raise IndexError(i)
        return self._table.entry(i)


class IndexBuilder:
    """Collects entries kind by kind, each kind in rank order (most prominent first), then `build()`s."""

    def __init__(self) -> None:
        self._tables = {kind: _Table(kind) for kind in KINDS}

    def add(self, kind: str, label: str, value: str, keys: Sequence[str], loose: Sequence[str] = (),
            rank: int = 0) -> None:
        self._tables[kind].add(label, value, keys, loose, rank)

    def close(self) -> dict[str, "_Table"]:
        for table in self._tables.values():
            table.close()
        return self._tables

    def build(self) -> "NameIndex":
        index = NameIndex.__new__(NameIndex)
        index._use(self.close())
        return index


class NameIndex:
    """Exact and prefix lookups over entry keys, per kind."""

    def __init__(self, entries: Iterable[IndexEntry] = ()) -> None:
        builder = IndexBuilder()
        for e in sorted(entries, key=lambda e: (e.rank, e.keys[0] if e.keys else "")):
            builder.add(e.kind, e.label, e.value, e.keys, e.loose, e.rank)
        self._use(builder.close())

    def _use(self, tables: dict[str, _Table]) -> None:
        self._tables = tables
        self.entries: dict[str, Sequence[IndexEntry]] = {kind: _Entries(t) for kind, t in tables.items()}

    def __len__(self) -> int:
        return sum(len(table) for table in self._tables.values())

    def find(self, group: str, text: str) -> list[IndexEntry]:
        """Entries whose keys equal the text's keys (strong keys first, then derived acronyms)."""
        keys = entry_keys(text) + ((fold(clean_text(text)),) if text.strip() else ())
        keys = tuple(_clean_keys(keys))
        kinds = GROUPS[group]
        for loose in (False, True):
            found: dict[tuple[int, int], None] = {}
            for order, kind in enumerate(kinds):
                table = self._tables[kind]
                points = table.loose if loose else table.full
                for key in keys:
                    found.update(dict.fromkeys((order, i) for i in table.matching(points, key, exact=True)))
            if found:
                picked = sorted(found, key=lambda oi: (oi[0], self._tables[kinds[oi[0]]].ranks[oi[1]]))
                return [self._tables[kinds[order]].entry(i) for order, i in picked]
        return []

    def complete(self, group: str, current: str, limit: int = 25) -> list[IndexEntry]:
        """Entries with a key (or a word of one) starting with `current`; the most prominent first."""
        prefix = name_key(current) if current.strip() else ""
        found: dict[tuple[str, int], tuple[bool, int]] = {}
        for kind in GROUPS[group]:
            table = self._tables[kind]
            if not prefix:
                for i in range(min(limit, len(table))):
                    found.setdefault((kind, i), (True, table.ranks[i]))
                continue
            for i in table.first_points(prefix, _SCAN_CAP):
                if (kind, i) not in found:
                    found[(kind, i)] = (not table.label_key_starts(i, prefix), table.ranks[i])
        ordered = sorted(found, key=found.__getitem__)[:limit]
        return [self._tables[kind].entry(i) for kind, i in ordered]

    def suggest(self, group: str, text: str, n: int = 3) -> tuple[str, ...]:
        """Labels of close matches for a name that matched nothing (difflib over a few hundred candidate keys)."""
        key = name_key(text)
        if not key:
            return ()
        labels: dict[str, None] = {}
        for kind in GROUPS[group]:
            table = self._tables[kind]
            pool = candidates(table, key)
            # A typo in a long name keeps most of it; the higher bar lets difflib's quick checks drop most candidates.
            cutoff = 0.8 if len(key) >= 8 else 0.6
            for match in close_matches(key, pool, n, cutoff):
                for i in table.matching(table.full, match, exact=True):
                    labels.setdefault(table.labels[i], None)
        return tuple(labels)[:n]


def build_index(articles: Iterable, initiatives: Iterable, entities: Iterable) -> NameIndex:
    """The index from the rows `read_view` reads, each kind in rank order (keys stored by the writer;
    computed for old rows). Rows are consumed one at a time, so cursors keep the build's memory small."""
    builder = IndexBuilder()
    for rank, a in enumerate(articles):
        keys = tuple(json.loads(a["keys"])) or tuple(article_keys(a["title"], a["file"]))
        loose = tuple(json.loads(a["loose_keys"])) if a["keys"] != "[]" else derived_acronym(a["title"] or "")
        builder.add("article", article_label(a), str(a["id"]), keys + (str(a["id"]),), loose, rank)
    for i in initiatives:
        keys = tuple(json.loads(i["keys"])) or (i["key"], *entry_keys(i["name"], i["acronym"]))
        loose = tuple(json.loads(i["loose_keys"])) if i["keys"] != "[]" else derived_acronym(i["name"])
        label = f"{i['name']} ({i['acronym']})" if i["acronym"] else i["name"]
        builder.add("initiative", label, i["key"], keys, loose, -i["articles"])
    for e in entities:
        keys = (e["key"], *(e["keys"].split("\x1f") if e["keys"] else ()))
        builder.add(e["kind"], e["name"], str(e["id"]), keys, (), -(e["articles"] or 0))
    return builder.build()


def article_label(row: Any) -> str:
    """'Title (file, date)': how an article is named in provenance lines and autocomplete."""
    detail = ", ".join(x for x in (row["file"], row["date"]) if x)
    return f"{row['title'] or row['file']} ({detail})"
