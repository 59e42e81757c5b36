"""Technology/application domains from the prose (vocabulary in rules.json) and the closing tag line."""

from __future__ import annotations

import re
from functools import cache

from bot.extract.rules import rules
from bot.model import Article, Domain

_WORD = re.compile(r"\w+")


@cache
def _phrases() -> tuple[dict[str, list[tuple[str, bool, bool]]], int]:
    """Phrase (words joined by one space) -> [(domain, specific, case_sensitive)], and the longest phrase."""
    weak = set(rules()["weak_domain_words"])
    table: dict[str, list[tuple[str, bool, bool]]] = {}
    longest = 1
    for domain, phrases in rules()["domains"].items():
        for phrase in phrases:
            parts = _WORD.findall(phrase)
            longest = max(longest, len(parts))
            # all-caps abbreviations ("AI") must match in capitals; other phrases in any case
            sensitive = phrase.lower() in ("ai",)
            key = " ".join(p.upper() if sensitive else p.lower() for p in parts)
            table.setdefault(key, []).append((domain, phrase not in weak, sensitive))
    return table, longest


def _hits(text: str) -> list[tuple[str, bool]]:
    """(domain, specific) for every vocabulary phrase in `text`, one lookup per word n-gram."""
    table, longest = _phrases()
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    out = []
    for i in range(len(words)):
        for n in range(1, min(longest, len(words) - i) + 1):
            key = " ".join(lower[i : i + n])
            for domain, specific, sensitive in table.get(key, ()):
                if not sensitive:
                    out.append((domain, specific))
            if n == 1 and words[i] in table:  # case-sensitive entries are stored as written
                out += [(d, s) for d, s, sensitive in table[words[i]] if sensitive]
    return out


def find_domains(article: Article) -> list[Domain]:
    """Domains with the first sentence that evidences them: the tag line, or a domain term in the prose.

    Associated words ('universities', 'climate', 'grid': weak_domain_words) never make a domain on their own,
    however often they occur; they only place a tagged domain in a sentence."""
    tags = {rules()["domain_tags"].get(t.lower()) for t in article.tags + ((article.topic,) if article.topic else ())}
    hits: dict[str, list[int]] = {}
    strong: set[str] = set()
    for sentence in article.sentences:
        for domain, specific in _hits(sentence.text):
            hits.setdefault(domain, []).append(sentence.index)
            if specific:
                strong.add(domain)
    out = []
    for domain, where in hits.items():
        if domain in strong or domain in tags:
            out.append(Domain(domain, where[0]))
    for domain in sorted(d for d in tags if d and d not in hits):
        out.append(Domain(domain, 0))
    return sorted(out, key=lambda d: (d.sentence, d.name))
