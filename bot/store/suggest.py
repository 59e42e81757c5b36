"""Close matches for a misspelt name: which keys of the name index to compare, and difflib's ranking
without comparing every one of them in full."""

from __future__ import annotations

import difflib
import heapq
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from bot.store.index import _Table

KEY_END = "\x00"  # ends every key in the index's text; sorts before any character a key holds
_END = KEY_END
_SUGGEST_POOL = 100  # keys difflib compares per source of candidates for a misspelt name
_NEAR_LENGTH = 100  # of those, keys with the same initial and a similar length
_NEIGHBOURS = 10  # keys taken on each side of a misspelt name in key and reversed-key order


def candidates(table: "_Table", key: str) -> dict[str, None]:
    """Keys worth comparing with a misspelt `key`: keys sharing a (not too common) word with it, keys next
    to it in key and reversed-key order, and keys with the same initial and a similar length."""
    pool: dict[str, None] = {}
    for word in dict.fromkeys(key.split()):
        if len(word) >= 3:
            pool.update(dict.fromkeys(_keys_with_word(table, word)))
    pool.update(dict.fromkeys(_neighbours(table, key)))
    pool.update(dict.fromkeys(_near_in_length(table, key)))
    return pool


def _keys_with_word(table: "_Table", word: str) -> list[str]:
    """Strong keys holding `word` as a whole word, or nothing when more than _SUGGEST_POOL do."""
    ranges = [(points, table.range_of(points, word + end)) for points in (table.full, table.words)
              for end in (" ", _END)]
    if sum(hi - lo for _, (lo, hi) in ranges) > _SUGGEST_POOL:
        return []
    keys = []
    for points, (lo, hi) in ranges:
        for pos in range(lo, hi):
            offset = points[pos]
            entry_start = table.keys.at[table.owner(offset)]
            keys.append(table.key_at(max(entry_start, table.keys.text.rfind(_END, entry_start, offset) + 1)))
    return keys


def _neighbours(table: "_Table", key: str) -> list[str]:
    """Keys next to `key` in key order and in reversed-key order: the names sharing the longest start or
    end with it, which is where a typo in one spot leaves a misspelt name."""
    near: list[str] = []
    for points, probe, at in ((table.full, key, table.key_at), (table.backward, key[::-1], table.reversed_key_at)):
        pos = bisect_left(points, probe, key=at)
        near.extend(table.key_at(points[p]) for p in range(max(0, pos - _NEIGHBOURS), min(len(points), pos + _NEIGHBOURS)))
    return near


def close_matches(word: str, possibilities: Iterable[str], n: int, cutoff: float) -> list[str]:
    """`difflib.get_close_matches(word, possibilities, n, cutoff)`, same answer, less work: candidates are
    scored in order of difflib's cheap upper bound (its quick_ratio, computed with str.count), stopping
    once no bound can beat the n-th best score."""
    counts = Counter(word)
    once = frozenset(ch for ch, k in counts.items() if k == 1)  # min(count in x, 1) is just "ch in x"
    repeated = [(ch, k) for ch, k in counts.items() if k > 1]
    bounded = []
    for x in possibilities:
        total = len(x) + len(word)
        if 2.0 * min(len(x), len(word)) / total >= cutoff:  # real_quick_ratio
            shared = len(once.intersection(x)) + sum(min(x.count(ch), k) for ch, k in repeated)
            bound = 2.0 * shared / total  # quick_ratio: the letters both hold, with repeats
            if bound >= cutoff:
                bounded.append((bound, x))
    bounded.sort(reverse=True)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: list[tuple[float, str]] = []  # a heap of the n best (score, key)
    for bound, x in bounded:
        if len(best) == n and bound < best[0][0]:
            break
        matcher.set_seq1(x)
        score = matcher.ratio()
        if score >= cutoff:
            (heapq.heappush if len(best) < n else heapq.heappushpop)(best, (score, x))
    return [x for _, x in sorted(best, reverse=True)]


def _near_in_length(table: "_Table", key: str) -> list[str]:
    """Up to _NEAR_LENGTH distinct keys with the same initial, the closest in length first."""
    text, points = table.keys.text, table.by_length
    by = lambda o: (text[o], text.index(_END, o) - o)  # noqa: E731
    slack = max(2, len(key) // 4)
    near: list[str] = []
    for step in range(2 * slack + 1):  # lengths L, L-1, L+1, L-2, L+2, ...
        length = len(key) + (step + 1) // 2 * (1 if step % 2 == 0 else -1)
        if length < 1:
            continue
        lo, hi = bisect_left(points, (key[0], length), key=by), bisect_right(points, (key[0], length), key=by)
        near.extend(table.key_at(points[pos]) for pos in range(lo, min(hi, lo + _NEAR_LENGTH - len(near))))
        if len(near) >= _NEAR_LENGTH:
            break
    return near
