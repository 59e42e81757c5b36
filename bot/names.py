"""Name normalisation shared by matching, cross-article resolution and scoring.

`name_key("The Massachusetts Institute of Technology")` == `name_key("massachusetts institute of technology")`;
keys ignore case, accents, apostrophe/dash styles, a leading "the" and a "U.S." style country prefix.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_COUNTRY_PREFIX = re.compile(r"^(?:u\.?s\.?a?\.?|us|uk|u\.k\.|eu|e\.u\.)\s+(?=\S)")
CORPORATE_SUFFIXES = frozenset(
    """inc incorporated corp corporation co company ltd limited llc plc ag sa se nv bv gmbh group holdings
    international usa us""".split()
)


def clean_text(text: str) -> str:
    """Remove zero-width and bidi control characters and fold white space (display-safe, keeps case)."""
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())


def fold(text: str) -> str:
    """Lower-case, accent-free, ASCII-punctuated form of a string."""
    text = clean_text(text).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """Matching key for a name: folded, no leading 'the', no country prefix, punctuation reduced."""
    key = fold(name).strip(" .,;:\"'()[]")
    key = re.sub(r"^the\s+", "", key)
    key = _COUNTRY_PREFIX.sub("", key)
    key = key.replace("&", " and ")
    key = re.sub(r"[^\w'+]+", " ", key)
    return " ".join(key.split())


def core_key(name: str) -> str:
    """`name_key` without trailing corporate/country suffixes: 'Flextronics International USA' -> 'flextronics'."""
    words = name_key(name).split()
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def acronym_of(name: str) -> str:
    """Initials of the capitalised words: 'Initiative for New Manufacturing' -> 'INM'."""
    words = re.findall(r"[^\W\d_][\w'’-]*", clean_text(name))
    return "".join(w[0] for w in words if w[0].isupper() or w.lower() not in _LINKING).upper()


_LINKING = frozenset("of for and the in on at to a an de des du la le et und für".split())


def same_name(a: str, b: str, aliases: dict[str, str] | None = None) -> bool:
    """Loose equality: keys equal, or one is an acronym alias of the other (via `aliases` key->key)."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    if aliases:
        return aliases.get(ka, ka) == aliases.get(kb, kb)
    return False
