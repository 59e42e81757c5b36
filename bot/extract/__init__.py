"""Facts from a parsed article and its spaCy doc: initiatives, partners, people, organisations, events, domains.

`extract(article, nlp(article.body))` is a plain function over the Doc; every fact names the
`Article.sentences` index that backs it. Rules live as data in rules.json.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.extract.domains import find_domains
from bot.extract.events import find_events
from bot.extract.initiatives import InitiativeIndex, assign_leaders, find_initiatives
from bot.extract.mentions import find_mentions
from bot.extract.partners import find_partners
from bot.extract.people import INITIATIVE, find_people
from bot.extract.summary import choose_summary
from bot.model import Article, ArticleFacts, Initiative, Organisation, Partner, Person, ProcessedArticle
from bot.extract.keys import core_key, name_key

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract", "process"]


def extract(article: Article, doc: "Doc") -> ArticleFacts:
    """All facts of one article; `doc` is `nlp(article.body)`."""
    if not _made_from(doc, article.body):
        raise ValueError("doc was not made from article.body")
    names = find_mentions(doc, article)
    people = find_people(names)
    found = find_initiatives(names)
    index = InitiativeIndex(names, found)
    assign_leaders(names, index)
    partner_rows = find_partners(names, index)
    initiatives = tuple(Initiative(f.name, f.acronym, f.led_by, f.sentence) for f in index.items)
    partners = tuple(Partner(org, item.name, role, sentence) for org, item, role, sentence in partner_rows)
    people = [_own_initiative(p, index) for p in people]
    facts = ArticleFacts(
        initiatives=initiatives,
        partners=partners,
        people=tuple(people),
        organisations=_organisations(names, index, partner_rows),
        events=tuple(find_events(article)),
        domains=tuple(find_domains(article)),
    )
    return ArticleFacts(facts.initiatives, facts.partners, facts.people, facts.organisations, facts.events,
                        facts.domains, choose_summary(article, facts))


def _own_initiative(person: Person, index: InitiativeIndex) -> Person:
    """'the hub's director': the organisation is the initiative the sentence is about (else the main one)."""
    if person.org is None or not person.org.startswith(INITIATIVE):
        return person
    named = index.in_sentence(person.sentence)
    item = named[0] if named else index.primary
    return Person(person.name, person.role, item.name if item else None, person.sentence)


def _made_from(doc: "Doc", body: str) -> bool:
    """Cheap check that `doc` tokenises `body` (doc.text would rebuild the whole string)."""
    if not len(doc):
        return not body.strip()
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(body) and all(
        body.startswith(t.text, t.idx) for t in (doc[0], last, doc[len(doc) // 2]))


def _organisations(names, index: InitiativeIndex, partner_rows) -> tuple[Organisation, ...]:
    """Every organisation named (partners, leaders, employers, others), once, fullest form with its aliases."""
    initiative_keys = {a for item in index.items for a in item.aliases}
    groups: dict[str, tuple[str, set[str], int]] = {}
    for m in names.mentions:
        if not names.is_org(m.text) or name_key(m.text) in initiative_keys:
            continue
        full = names.fullest(m.text)
        key = core_key(full)
        name, aliases, sentence = groups.get(key, (full, set(), m.sentence))
        if len(full) > len(name):
            aliases.add(name)
            name = full
        if m.text != name:
            aliases.add(m.text)
        groups[key] = (name, aliases, sentence)
    for acr, full in names.acronyms.items():
        entry = groups.get(core_key(full))
        if entry is not None:
            entry[1].add(acr)
    for org, _item, _role, sentence in partner_rows:  # the form the partner list uses is the name
        name, aliases, first = groups.get(core_key(org), (org, set(), sentence))
        if name != org:
            aliases.add(name)
        groups[core_key(org)] = (org, aliases, first)
    out = []
    for name, aliases, sentence in groups.values():
        aliases.discard(name)
        out.append(Organisation(name, tuple(sorted(aliases)), sentence))
    return tuple(sorted(out, key=lambda o: (o.sentence, o.name)))


def process(nlp: "Language", articles: Sequence[Article], batch_size: int = 64) -> list[ProcessedArticle]:
    """Run the pipeline over articles in batches and extract each one's facts."""
    docs = nlp.pipe((a.body for a in articles), batch_size=batch_size)
    return [ProcessedArticle(article, extract(article, doc)) for article, doc in zip(articles, docs)]
