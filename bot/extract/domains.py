"""Technology/application domains from the prose (vocabulary in rules.json) and the closing tag line."""

from __future__ import annotations

import re
from functools import cache

from bot.extract.rules import rules
from bot.model import Article, Domain


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    weak = set(rules()["weak_domain_words"])
    out = []
    for domain, phrases in rules()["domains"].items():
        for phrase in phrases:
            # all-caps abbreviations ("AI") must match in capitals; other phrases in any case
            flags = 0 if phrase.lower() in ("ai",) else re.IGNORECASE
            text = phrase.upper() if not flags else phrase
            out.append((domain, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", flags), phrase not in weak))
    return out


def find_domains(article: Article) -> list[Domain]:
    """Domains with the first sentence that evidences them; a vague word needs two mentions or a tag."""
    tags = {rules()["domain_tags"].get(t.lower()) for t in article.tags + ((article.topic,) if article.topic else ())}
    hits: dict[str, list[int]] = {}
    strong: set[str] = set()
    for sentence in article.sentences:
        for domain, pattern, specific in _patterns():
            found = pattern.findall(sentence.text)
            if found:
                hits.setdefault(domain, []).extend([sentence.index] * len(found))
                if specific:
                    strong.add(domain)
    out = []
    for domain, where in hits.items():
        if domain in strong or domain in tags or len(where) >= 2:
            out.append(Domain(domain, where[0]))
    for domain in sorted(d for d in tags if d and d not in hits):
        out.append(Domain(domain, 0))
    return sorted(out, key=lambda d: (d.sentence, d.name))
