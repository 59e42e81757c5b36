"""Partners of initiatives: coordinated lists of organisations and the trigger words of their clause.

A trigger either governs the name right after it ("in partnership with X", "backed by X": direct) or the
whole clause it sits in ("six founding members: A, B and C"). Clauses with a negation cue ("not joined",
"missing from", "rivals such as") report nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from bot.extract.initiatives import Found, InitiativeIndex
from bot.extract.mentions import DocNames, Mention
from bot.extract.rules import rules, words
from bot.extract.keys import core_key, name_key

_SEPARATOR = re.compile(r"^\s*(?:\([^)]{1,12}\)\s*)?(?:,|,?\s*and|,?\s*as well as|&)\s*(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,4}$")
ORG_NOUNS = frozenset("system firm startup start-up agency company maker".split())
_CLAUSE_BREAK = frozenset(";:".split()) | {"but", "while", "whereas", "although", "though"}


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    role: str
    direct: bool
    generic: bool
    explicit: bool = False


_MATCHERS: dict[int, tuple[PhraseMatcher, Matcher, list[dict]]] = {}


def _matchers(doc: Doc) -> tuple[PhraseMatcher, Matcher, list[dict]]:
    """Built once per vocabulary from the role_triggers table: fixed phrases in a PhraseMatcher (one trie
    lookup per token), the few phrases with a '*' slot ("founding * members") in a small Matcher."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        phrases, slotted = PhraseMatcher(doc.vocab, attr="LOWER"), Matcher(doc.vocab)
        table = rules()["role_triggers"]
        for n, entry in enumerate(table):
            fixed, patterns = [], []
            for phrase in entry["phrases"]:
                parts = [p for p in re.split(r"(-)|\s+", phrase) if p]
                if "*" in parts:
                    patterns.append([{"OP": "?"} if p == "*" else {"LOWER": p} for p in parts])
                else:
                    fixed.append(Doc(doc.vocab, words=parts))
            if fixed:
                phrases.add(f"factbot_role_{n}", fixed)
            if patterns:
                slotted.add(f"factbot_role_{n}", patterns)
        _MATCHERS[key] = (phrases, slotted, table)
    return _MATCHERS[key]


def find_triggers(doc: Doc) -> list[Trigger]:
    phrases, slotted, table = _matchers(doc)
    out = []
    for match_id, start, end in [*phrases(doc), *slotted(doc)]:
        entry = table[int(doc.vocab.strings[match_id].rsplit("_", 1)[1])]
        out.append(Trigger(start, end, entry["role"], entry.get("direct", False), entry.get("generic", False),
                           entry.get("explicit", False)))
    # the longest match wins where phrases overlap ("signed up to" over "signed up")
    out.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for t in out:
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    return kept


def _groups(names: DocNames, sentence: int, skip: set[str]) -> list[list[Mention]]:
    """Coordinated organisation names: 'A, B, the food group C and D'."""
    doc = names.doc
    orgs = []
    places: set[int] = set()
    tails = {a.rsplit(" ", 1)[-1] for a in skip if " " in a}
    for m in names.in_sentence(sentence):
        key = name_key(m.text)
        if key in skip or names.in_description(m.start) or key in tails and " " not in key:
            continue
        if not names.is_org(m.text):
            # the model calls some companies places; inside a list of organisations they are organisations
            if not names.is_place(m.text) or key in names.people or " " in key and len(key.split()) > 2:
                continue
            places.add(m.start)
        last = doc[m.end - 1]
        if last.lemma_.lower() in words("initiative_heads") and last.text.lower() != last.lemma_.lower():
            continue  # "two new Energy Innovation Hubs"
        if last.dep_ == "compound" and last.head.i >= m.end and last.head.text.islower() and \
                last.head.lower_ not in ORG_NOUNS and last.head.lower_ not in words("org_heads"):
            continue  # "the Summit supercomputer", "the MIT campus": a modifier; "the X agency" is still X
        if m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s"):
            continue  # "OpenAI's GPT-4"
        orgs.append(m)
    groups: list[list[Mention]] = []
    for m in orgs:
        if groups:
            prev = groups[-1][-1]
            gap = names.text[doc[prev.end - 1].idx + len(doc[prev.end - 1]) : doc[m.start].idx]
            gap_pos = {t.pos_ for t in doc[prev.end : m.start] if t.text not in "()" and t.i not in _acronym_tokens(doc, prev.end)}
            if _SEPARATOR.match(gap) and gap_pos <= {"PUNCT", "CCONJ", "DET", "ADJ", "NOUN", "ADP", "PROPN"}:
                groups[-1].append(m)
                continue
        groups.append([m])
    out = []
    for group in groups:
        if any(m.start not in places for m in group):
            out.append(group if len(group) > 1 else group)
    return out


def _acronym_tokens(doc: Doc, i: int) -> set[int]:
    """The '(NSF)' right after a name."""
    return {i + 1} if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" else set()


def _clause(doc: Doc, sent: Span, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the clause around [start, end)."""
    lo = start
    while lo > sent.start and not _breaks(doc, lo - 1):
        lo -= 1
    hi = end
    while hi < sent.end and not _breaks(doc, hi):
        hi += 1
    return lo, hi


def _breaks(doc: Doc, i: int) -> bool:
    t = doc[i]
    if t.lower_ in _CLAUSE_BREAK and t.text != ":":
        return True
    if t.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in ("and", "which", "who", "whose", "while", "but"):
        return not (i + 2 < len(doc) and doc[i + 2].text[0].isupper())  # ", and MLCommons" stays in the list
    return False


def _negated(doc: Doc, lo: int, hi: int) -> bool:
    return any(t.lower_ in words("negation_cues") for t in doc[lo:hi])


def find_partners(names: DocNames, index: InitiativeIndex) -> list[tuple[str, Found, str, int]]:
    """(organisation, initiative, role, sentence) for every organisation taking part in an initiative."""
    if not index.items:
        return []
    doc = names.doc
    triggers = find_triggers(doc)
    text = names.text.lower()
    partnership = any(p in text for p in words("partnership_context"))
    skip = {a for item in index.items for a in item.aliases}
    found: list[tuple[str, Found, str, int]] = []
    for sentence in names.article.sentences:
        sent = doc.char_span(sentence.start, sentence.start + len(sentence.text), alignment_mode="expand")
        if sent is None:
            continue
        for group in _groups(names, sentence.index, skip):
            lo, hi = _clause(doc, sent, group[0].start, group[-1].end)
            role = _role(doc, triggers, group, lo, hi)
            if role is None and not _negated(doc, sent.start, sent.end):
                role = _role(doc, triggers, group, sent.start, sent.end, generic_only=True)
            if role is None or _negated(doc, lo, hi):
                continue
            item = _initiative_for(names, index, sent, group, lo, hi)
            if item is None:
                continue
            if role == "member_or_founding":
                role = "partner" if partnership else "founding_member" if item.launched else "member"
            for m in group:
                found.append((names.fullest(m.text), item, role, m.sentence))
    for item in index.items:
        for org in item.founders:
            found.append((names.fullest(org), item, "founding_member", item.sentence))
    return _merge(found, index)


def _role(doc: Doc, triggers: list[Trigger], group: list[Mention], lo: int, hi: int,
          generic_only: bool = False) -> str | None:
    g_start, g_end = group[0].start, group[-1].end
    for t in triggers:  # a direct trigger right before the list governs it alone
        if t.direct and not generic_only and t.end <= g_start and g_start - t.end <= 4 and lo <= t.start:
            if not _passive_off_topic(doc, t):
                return t.role
    # clause triggers anywhere in the clause; direct ones ("backed by donations from ...") only before the list
    inside = [t for t in triggers if lo <= t.start and t.end <= hi and (not t.direct or t.end <= g_start)
              and not (g_start <= t.start < g_end and doc[t.start].text[0].isupper())
              and not (t.direct and _passive_off_topic(doc, t))]
    if generic_only:
        inside = [t for t in inside if t.generic or t.role == "member_or_founding"]
    verb = _clause_verb(doc[_root(doc, group[0])])
    inside = [t for t in inside if _linked(doc[t.start], verb)]
    specific = [t for t in inside if not t.generic] or inside
    if not specific:
        return None
    # "Cohere has joined the lab as a partner": the role named outright beats the verb
    specific = [t for t in specific if t.explicit] or specific

    def distance(t: Trigger) -> int:
        return g_start - t.end if t.end <= g_start else max(0, t.start - g_end)

    best = min(specific, key=distance)
    # "founding strategic partner": of two adjacent triggers the head noun (the later one) decides
    later = [t for t in specific if 0 <= t.start - best.end <= 1]
    return later[0].role if later else best.role


def _root(doc: Doc, m: Mention) -> int:
    for t in doc[m.start : m.end]:
        if not (m.start <= t.head.i < m.end) or t.head.i == t.i:
            return t.i
    return m.start


def _clause_verb(tok):
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _linked(trigger, verb) -> bool:
    """The trigger belongs to the group's clause: same verb, or inside a phrase that verb governs."""
    tok = _clause_verb(trigger)
    for _ in range(12):
        if tok.i == verb.i:
            return True
        if tok.head.i == tok.i:
            return False
        if tok.dep_ in ("ccomp", "advcl", "conj", "parataxis"):
            # a reported clause has its own participants, unless "X said it is one of the members"
            if not any(c.dep_ == "nsubj" and c.lower_ in ("it", "they", "we") for c in tok.children):
                return False
        tok = _clause_verb(tok.head)
    return False


def _passive_off_topic(doc: Doc, t: Trigger) -> bool:
    """'its DeltaAI system, funded by X': the money goes to something that is not the initiative."""
    verb = doc[t.start]
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head.lower_ not in words("initiative_type_nouns") and verb.head.pos_ == "NOUN"
    return False


def _initiative_for(names: DocNames, index: InitiativeIndex, sent: Span, group: list[Mention],
                    lo: int, hi: int) -> Found | None:
    """The sentence subject if it is an initiative, else the nearest one named in the clause, else the main one."""
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            item = index.refers(c)
            if item is not None:
                return item
    near: list[tuple[int, Found]] = []
    for tok in names.doc[lo:hi]:
        item = index.refers(tok)
        if item is None:
            continue
        m = names.at(tok.i)
        if m is not None and m.end < len(names.doc) and names.doc[m.end].lower_ in words("initiative_type_nouns") \
                and names.doc[m.end].text.islower():
            continue  # "a new Manufacturing USA institute" is about the institute
        near.append((abs(tok.i - group[0].start), item))
    if near:
        return min(near, key=lambda x: x[0])[1]
    return index.primary


def _merge(found: list[tuple[str, Found, str, int]], index: InitiativeIndex) -> list[tuple[str, Found, str, int]]:
    """One role per organisation and initiative (the strongest); leaders are not their own partners."""
    priority = {r: i for i, r in enumerate(rules()["role_priority"])}
    best: dict[tuple[str, int], tuple[str, Found, str, int]] = {}
    for org, item, role, sentence in found:
        if item.led_by and core_key(item.led_by) == core_key(org) or name_key(org) in item.aliases:
            continue
        key = (core_key(org), id(item))
        prev = best.get(key)
        if prev is None or priority[role] < priority[prev[2]]:
            best[key] = (org if prev is None or len(org) <= len(prev[0]) else prev[0], item, role, sentence)
    return list(best.values())
