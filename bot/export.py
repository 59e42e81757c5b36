"""One article's facts as a record with exactly the gold-file keys (what `factbot export` writes)."""

from __future__ import annotations

from bot.model import Article, ArticleFacts

RECORD_KEYS = ("file", "title", "date", "location", "initiatives", "partners", "people", "domains", "sources",
               "citations", "summary")


def article_record(article: Article, facts: ArticleFacts) -> dict:
    """The exported record: gold keys except the hand-written ones (non_partner_orgs, key_facts)."""
    counts = article.citation_counts()
    listed = {s.n: s for s in article.sources}
    numbers = sorted(set(counts) | set(listed))
    sentences = article.sentences
    return {
        "file": article.file,
        "title": article.title,
        "date": article.date,
        "location": article.location,
        "initiatives": [{"name": i.name, "acronym": i.acronym, "led_by": i.led_by} for i in facts.initiatives],
        "partners": [{"org": p.org, "initiative": p.initiative, "role": p.role} for p in facts.partners],
        "people": [{"name": p.name, "role": p.role, "org": p.org} for p in facts.people],
        "domains": list(dict.fromkeys(d.name for d in facts.domains)),
        "sources": [
            {"n": n, "url": listed[n].url if n in listed else None, "title": listed[n].title if n in listed else None}
            for n in numbers
        ],
        "citations": {str(n): c for n, c in counts.items()},
        "summary": " ".join(sentences[i].text for i in facts.summary if 0 <= i < len(sentences)),
    }
