"""Extractive summary: the lede plus the two sentences that carry the most facts.

Weights were chosen on the shared corpus against its reference summaries (ROUGE-2), using only generic
features: facts backed by the sentence, a date, an amount of money, position, quotes and length. Checked by
tuning on random halves of corpus + test fixtures and scoring the other half (20 splits): these weights keep
+0.026 ROUGE-2 over Lead-3 on the unseen half (re-tuned weights +0.025, a plain fact count +0.016), so they
are kept as they are.
"""

from __future__ import annotations

import re

from bot.model import Article, ArticleFacts

_MONEY = re.compile(r"\b(?:dollars?|euros?|francs|pounds|yen|million|billion)\b|[$€£]\s?\d", re.IGNORECASE)
_QUOTE = re.compile(r"\b(?:said|says|added|argued|noted)\b")
LONG_SENTENCE = 40  # words; long sentences cost precision


def choose_summary(article: Article, facts: ArticleFacts, size: int = 3) -> tuple[int, ...]:
    """Sentence indexes in reading order: the lede, then the best-scoring others."""
    if not article.sentences:
        return ()
    partners: dict[int, int] = {}
    for p in facts.partners:
        partners[p.sentence] = partners.get(p.sentence, 0) + 1
    initiatives = {i.sentence for i in facts.initiatives}
    dated = {e.sentence for e in facts.events if e.date}
    scored = []
    for s in article.sentences[1:]:
        score = (0.5 * min(partners.get(s.index, 0), 3) + (s.index in initiatives) + (s.index in dated)
                 + bool(_MONEY.search(s.text)) + 2 / s.index
                 - bool(_QUOTE.search(s.text)) - (len(s.text.split()) > LONG_SENTENCE))
        scored.append((score, -s.index, s.index))
    best = [index for *_, index in sorted(scored, reverse=True)[: size - 1]]
    return tuple(sorted([0, *best]))
