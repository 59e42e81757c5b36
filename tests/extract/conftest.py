"""Helpers for the extraction tests: wrap a few sentences of my own into a minimal article."""

from __future__ import annotations

import pytest

from bot.extract import extract
from bot.model import Article, ArticleFacts
from bot.parse import parse_article


def make_article(body: str, lede: str = "A short news item about a research partnership.",
                 date: str = "2024-03-05", tags: str = "research manufacturing") -> Article:
    text = (
        f"Test Article\n\nTest Article\n\n{date} test\n\nSpringfield, Tuesday, 5 March 2024.\n{lede}\n\n"
        f"What Happened\n\n{body}\n\nBronnen\n\n\n{tags}"
    )
    return parse_article(text, "900_test.txt")


@pytest.fixture(scope="session")
def facts_of(nlp):
    """facts_of(body, **kw) -> (article, facts)."""

    def run(body: str, **kw) -> tuple[Article, ArticleFacts]:
        article = make_article(body, **kw)
        return article, extract(article, nlp(article.body))

    return run


def partners(facts: ArticleFacts) -> dict[str, str]:
    """org -> role."""
    return {p.org: p.role for p in facts.partners}
