"""Extractive summary: the lede plus the sentences that carry the article's facts."""

from __future__ import annotations

from bot.model import Article, ArticleFacts


def choose_summary(article: Article, facts: ArticleFacts, size: int = 3) -> tuple[int, ...]:
    """2-3 sentence indexes in reading order: the lede, then the sentences backing the most facts."""
    weight: dict[int, float] = {}
    for item in facts.initiatives:
        weight[item.sentence] = weight.get(item.sentence, 0) + 2.0
    for partner in facts.partners:
        weight[partner.sentence] = weight.get(partner.sentence, 0) + 1.0
    for event in facts.events:
        if event.date:
            weight[event.sentence] = weight.get(event.sentence, 0) + 1.0
    n = len(article.sentences)
    scored = []
    for s in article.sentences:
        words = len(s.text.split())
        if words < 6:
            continue
        position = 1.0 / (1 + s.index)  # news puts the point first
        quotes = 0.5 if " said " in s.text or " says " in s.text else 0.0
        scored.append((weight.get(s.index, 0) + 3 * position - quotes - (words > 45), s.index))
    chosen = {0} if n else set()
    for _, index in sorted(scored, reverse=True):
        if len(chosen) >= min(size, n):
            break
        chosen.add(index)
    return tuple(sorted(chosen))
