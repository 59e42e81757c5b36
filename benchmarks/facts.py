"""Synthetic `ProcessedArticle`s: the generated articles with the facts their stories state, no spaCy.

Building a 10,000-article database through spaCy takes far too long for a benchmark, so the query,
Discord and memory benchmarks parse the generated text (the real parser) and attach the facts the
generator put in, pointing at the sentences that state them. The store's own writer stores them.
"""

from __future__ import annotations

from typing import Iterator

from benchmarks.corpus import DEFAULT_SEED, GeneratedArticle, generate
from bot.model import (
    Article,
    ArticleFacts,
    Domain,
    Event,
    Initiative,
    Organisation,
    Partner,
    Person,
    ProcessedArticle,
)
from bot.parse import parse_article


def _sentence_with(article: Article, *needles: str) -> int:
    """Index of the first sentence that contains every needle (0 when none does)."""
    for sentence in article.sentences:
        if all(n in sentence.text for n in needles):
            return sentence.index
    return 0


def facts_of(generated: GeneratedArticle, article: Article) -> ArticleFacts:
    """The facts a perfect extractor would find in a generated article."""
    s = generated.story
    launch = _sentence_with(article, "launched", s.initiative)
    founders = _sentence_with(article, "founding members")
    organisations = [Organisation(s.leader, (), launch)]
    organisations += [Organisation(o, (), founders) for o in s.founders]
    partners = [Partner(o, s.initiative, "founding_member", founders) for o in s.founders]
    if s.members:
        joined = _sentence_with(article, "joined")
        organisations += [Organisation(o, (), joined) for o in s.members]
        partners += [Partner(o, s.initiative, "member", joined) for o in s.members]
    for funder in s.funders:
        name = funder.removeprefix("the ")
        where = _sentence_with(article, name)
        organisations.append(Organisation(name, (), where))
        partners.append(Partner(name, s.initiative, "funder", where))
    people = tuple(Person(p.name, p.title, p.org, _sentence_with(article, p.name)) for p in s.people)
    domains = tuple(Domain(d, _sentence_with(article, d)) for d in s.domains)
    when = f"{s.launched.day} {s.launched.strftime('%B')} {s.launched.year}"
    return ArticleFacts(
        initiatives=(Initiative(s.initiative, s.acronym, s.leader, launch),),
        partners=tuple(partners),
        people=people,
        organisations=tuple(organisations),
        events=(Event(s.launched.isoformat(), when, article.sentences[launch].text[:200], launch),),
        domains=domains,
        summary=tuple(range(min(3, len(article.sentences)))),
    )


def processed_articles(n: int, seed: int = DEFAULT_SEED) -> Iterator[ProcessedArticle]:
    """`n` generated articles, parsed, with their stories' facts."""
    for generated in generate(n, seed):
        article = parse_article(generated.text, generated.file)
        yield ProcessedArticle(article, facts_of(generated, article))
