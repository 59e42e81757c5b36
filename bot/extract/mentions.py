"""Proper-name mentions from token shape and grammar, not from NER labels alone.

A mention is a run of capitalised tokens joined by name-internal connectors ("of", "for", "&", hyphens);
weaker connectors ("and", "in", "to", "'s") stay inside a name only where the model's entities or an
acronym definition say the longer name exists somewhere in the same article (document-level consistency).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.extract.rules import words
from bot.model import Article
from bot.extract.keys import acronym_of, fold, name_key

NUMERIC_ENTS = frozenset("DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
DASHES = frozenset("-–—‐‑")
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9&.\-]{2,12}$")
_SHORT_FORM = re.compile(r"^[A-Z][a-z]{2,11}$")  # "(Empa)", "(Imec)": a short name that is not initials
PLACE_ENTS = frozenset(("GPE", "LOC", "NORP"))


@dataclass(slots=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    text: str  # the name as written, without a leading "the" or a trailing possessive
    sentence: int  # Article.sentences index


@dataclass(slots=True)
class DocNames:
    """Every name mention of one article, with its acronyms and the person/org decisions."""

    doc: Doc
    article: Article
    mentions: list[Mention]
    acronyms: dict[str, str]  # acronym -> expansion, as defined in the article
    ent_labels: dict[str, set[str]] = field(default_factory=dict)  # name_key -> NER labels seen
    people: set[str] = field(default_factory=set)  # name_keys decided to be people
    descriptions: list[tuple[int, int]] = field(default_factory=list)  # token spans describing a person
    # Per-token lower-case text and lemma, read once: rules scan these lists instead of re-creating Tokens.
    lower: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The doc's text (the article body), without rebuilding it from the tokens."""
        return self.article.body

    def in_description(self, token_i: int) -> bool:
        return any(s <= token_i < e for s, e in self.descriptions)

    _by_token: dict[int, Mention] = field(default_factory=dict)
    _fullest: dict[str, str] = field(default_factory=dict)
    _keys: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_token = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._keys = [(m.text, name_key(m.text)) for m in self.mentions]

    def at(self, token_i: int) -> Mention | None:
        return self._by_token.get(token_i)

    def in_sentence(self, sentence: int) -> list[Mention]:
        return [m for m in self.mentions if m.sentence == sentence]

    def fullest(self, name: str) -> str:
        """The fullest form of `name` used in the article (acronym expanded, short form lengthened)."""
        if name not in self._fullest:
            self._fullest[name] = self._lengthen(name)
        return self._fullest[name]

    def _lengthen(self, name: str) -> str:
        if name in self.acronyms:
            name = self.acronyms[name]
        elif name.isupper() and 2 <= len(name) <= 6:  # "NYU" for "New York University", never defined
            for m in self.mentions:
                if " " in m.text and acronym_of(m.text) == name:
                    name = m.text
                    break
        key = name_key(name)
        best = name
        best_len = len(key)
        for other, okey in self._keys:
            if len(okey) <= best_len or okey in self.people:
                continue
            if okey.startswith(key + " ") and _lengthens(key, okey):
                best, best_len = other, len(okey)
        return best

    def is_place(self, name: str) -> bool:
        if (full := self.fullest(name)) != name and not self.is_place(full):
            return False  # "Argonne" short for "Argonne National Laboratory"
        labels = self.ent_labels.get(name_key(name), set())
        return bool(labels) and labels <= {"GPE", "LOC", "NORP"}

    def is_org(self, name: str) -> bool:
        """Not a person, place, calendar word or common abbreviation."""
        key = name_key(name)
        if not key or key in self.people or key in words("not_names") or key in words("calendar_words"):
            return False
        if " " in key and key.rsplit(" ", 1)[1] in words("non_org_heads"):
            return False  # "the Chips Act", "the G7 Summit"
        if any(key == p.split()[-1] for p in self.people):  # a surname used alone
            return False
        return not self.is_place(name) or name in self.acronyms


def _lengthens(short: str, long: str) -> bool:
    """'ohio state' -> 'ohio state university' is the same body; 'ibm' -> 'ibm research' is a unit of it."""
    extra = long[len(short) :].split()
    # only a real head noun lengthens a name; "Flextronics International USA" stays "Flextronics" where used
    # "Novo Nordisk Foundation" is a body of its own, not the long form of "Novo Nordisk"
    return bool(extra) and extra[-1] in words("org_heads") and extra[-1] not in ("research", "labs", "foundation")


def sentence_index(article: Article) -> list[int]:
    return [s.start for s in article.sentences]


def sentence_of(starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def is_cap(tok: Token, sentence_starts: set[int]) -> bool:
    text = tok.text
    if tok.ent_type_ in NUMERIC_ENTS or text.lower() in words("calendar_words"):
        return False
    if not text[0].isalpha():
        return text[0].isdigit() and tok.pos_ == "PROPN" and any(c.isalpha() for c in text)
    if not (text[0].isupper() or any(c.isupper() for c in text[1:])):
        return False
    if (tok.idx in sentence_starts or tok.is_sent_start) and tok.pos_ not in ("PROPN",) and not tok.ent_type_:
        return False
    return tok.pos_ not in ("PRON", "DET", "AUX", "CCONJ", "SCONJ", "ADP") or tok.ent_type_ != ""


def _strip(span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("and", "'s", "’s", "'", "of", "for") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def find_acronyms(doc: Doc, caps: list[bool], lower: list[str]) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """'Full Name (ABC)', 'ABC, short for Full Name', 'Full Name, known as ABC' -> {ABC: Full Name}."""
    acronyms: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    inner = words("strong_connectors") | {"and", "in", "on", "to", "the", "with", "'s", "’s"} | DASHES
    for i in range(1, len(doc) - 1):
        if lower[i] not in ("(", "short"):
            continue
        tok = doc[i]
        if tok.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and _short_name(doc[i + 1], caps, i):
            acr = doc[i + 1].text
            j = i
            while j > 0 and (caps[j - 1] or doc[j - 1].lower_ in inner) and i - j < 16:
                j -= 1
            while j < i and (doc[j].lower_ in inner or doc[j].lower_ == "a"):
                j += 1
            while i > j and doc[i - 1].lower_ in inner:
                i -= 1
            for k in range(j, i - 1):  # "A and the B (XB)": the acronym names only the second
                if doc[k].lower_ in ("and", "&") and doc[k + 1].lower_ == "the":
                    j = k + 2
            start = _expansion_start(doc, j, i, acr)
            if start is not None:
                acronyms.setdefault(acr, doc[start:i].text)
                spans.append((start, i))
        elif tok.lower_ == "short" and doc[i + 1].lower_ == "for" and i >= 2 and doc[i - 1].text == ",":
            k = i - 2
            a_start = k
            while a_start > 0 and caps[a_start - 1]:
                a_start -= 1
            e = i + 2
            while e < len(doc) and not doc[e].is_punct or (e < len(doc) and doc[e].text in DASHES | {"&"}):
                e += 1
            if caps[k] and e > i + 2:
                acronyms.setdefault(doc[a_start : k + 1].text, doc[i + 2 : e].text)
                spans.append((i + 2, e))
    return acronyms, spans


def _short_name(tok: Token, caps: list[bool], paren: int) -> bool:
    """The token in '(...)' after a name is its short form: initials ('ABC'), or one capitalised word that is
    not a place ('Siemens (Germany)') right after a name of three or more words."""
    if _ACRONYM.match(tok.text):
        return True
    return bool(_SHORT_FORM.match(tok.text)) and tok.ent_type_ not in PLACE_ENTS and paren >= 3 and all(
        caps[k] or tok.doc[k].lower_ in ("of", "for", "and", "&") for k in range(paren - 3, paren))


def _expansion_start(doc: Doc, j: int, i: int, acr: str) -> int | None:
    """Where the expansion of `acr` starts in doc[j:i]: exact initials first, else the longest plausible."""
    letters = re.sub(r"[^A-Za-z]", "", acr).upper()
    fallback = None
    for start in range(j, i):
        if doc[start].lower_ in ("the", "a", "an", "and", "of", "for", "&", "'s", "’s") or not doc[start].text[0].isalpha():
            continue
        if fold(acronym_of(doc[start:i].text)).upper() == letters:
            return start
        if fallback is None and fold(doc[start].text[0]).upper() == letters[:1]:
            fallback = start
    if fallback is None:  # a foreign acronym ("German Association ... (VDA)"): the whole preceding name
        caps = [k for k in range(j, i) if doc[k].text[0].isupper()]
        if len(caps) >= 2 and doc[j].text[0].isupper():
            return j
    return fallback


def find_mentions(doc: Doc, article: Article) -> DocNames:
    """All proper-name mentions of an article's doc."""
    starts = sentence_index(article)
    start_set = set(starts)
    caps, lower, lemma = [], [], []
    for t in doc:  # the only full pass over Token objects
        caps.append(is_cap(t, start_set))
        lower.append(t.lower_)
        lemma.append(t.lemma_.lower())
    acronyms, acr_spans = find_acronyms(doc, caps, lower)
    protected: set[str] = set()
    ent_labels: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ in NUMERIC_ENTS or ent.label_ in ("WORK_OF_ART", "LAW"):
            continue
        s, e = _strip(ent)
        if s < e:
            protected.add(doc[s:e].text)
            ent_labels.setdefault(name_key(doc[s:e].text), set()).add(ent.label_)
    protected.update(doc[s:e].text for s, e in acr_spans)
    protected.update(acronyms.values())

    strong, weak = words("strong_connectors"), words("weak_connectors")
    mentions: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = doc[j]
            if tok.idx in start_set:
                break
            if caps[j] and not (doc[j - 1].text in (",", ";", ":", "(", ")")):
                if doc[j - 1].whitespace_ or doc[j - 1].text in DASHES or caps[j - 1] or True:
                    j += 1
                    continue
            if tok.text in DASHES and j + 1 < n and caps[j + 1] and (not doc[j - 1].whitespace_ or _protected_run(doc, i, j + 2, caps, protected)):
                j += 2
                continue
            low = tok.lower_
            if low in strong and j + 1 < n and caps[j + 1] and low != "&" or low == "&" and j + 1 < n and caps[j + 1]:
                j += 2
                continue
            if low in ("of", "for", "to", "in") and j + 2 < n and doc[j + 1].lower_ == "the" and caps[j + 2]:
                j += 3
                continue
            if low in weak and j + 1 < n and caps[j + 1]:
                end = _protected_run(doc, i, j + 1, caps, protected)
                if end and not (low == "and" and _two_names(doc, i, j, end)):
                    j = end
                    continue
            break
        for ps, pe in split_titles(doc, i, j):
            s, e = _strip(doc[ps:pe])
            if s < e:
                text = doc[s:e].text
                if text.endswith(".") and "." not in doc[e - 1].text[:-1] and len(doc[e - 1].text) > 3:
                    text = text[:-1]  # "the DoD." at a sentence end
                mentions.append(Mention(s, e, text, sentence_of(starts, doc[s].idx)))
        i = j
    names = DocNames(doc, article, mentions, acronyms, ent_labels, lower=lower, lemma=lemma)
    return names


def split_titles(doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
    """'MIT President Sally A. Kornbluth' -> MIT | Sally A. Kornbluth; 'CEO of Carbios' -> Carbios."""
    heads, titles = words("title_heads"), words("title_words")
    found = [k for k in range(s, e) if doc[k].lower_ in heads]
    if not found:
        return [(s, e)]
    first, last = found[0], found[-1]
    while first > s and doc[first - 1].lower_ in titles:
        first -= 1
    # "Novo Nordisk Chief Medical Officer": a title word up to two words before the head opens the title
    opener = next((k for k in range(max(s, first - 3), first - 1) if doc[k].lower_ in titles), None)
    if opener is not None:
        first = opener
    pieces = [(s, first)] if first > s else []
    tail = last + 1
    person = [k for k in range(tail, e) if doc[k].ent_type_ == "PERSON"]
    if person:
        pieces.append((person[0], e))
    elif tail < e and doc[tail].lower_ in ("of", "for"):
        tail += 1
        field = tail
        while tail < e and (doc[tail].lower_ in titles or doc[tail].lower_ in ("of", "for", "the")) and e - tail > 2:
            tail += 1
        # "Secretary of State Antony J. Blinken": the field was a title word, the rest is the name
        pieces.append(_name_after_field(doc, tail, e) if tail == field else (tail, e))
    elif tail < e:
        pieces.append((tail, e))
    return [(a, b) for a, b in pieces if a < b]


def _name_after_field(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """'Dean of Engineering Priya Raman', 'Minister of Trade Sigrid Haugland': after a one-word field the rest
    is a person's name; 'CEO of Carbios' and 'Director of Argonne National Laboratory' stay organisations."""
    heads = words("org_heads") | words("initiative_heads")
    name = doc[s + 1 : e]
    if len(name) >= 2 and all(t.is_title and (t.is_alpha or re.fullmatch(r"[A-Z]\.", t.text)) for t in name) and \
            not any(doc[k].lower_ in heads for k in range(s, e)):
        return s + 1, e
    return s, e


def _two_names(doc: Doc, start: int, conj: int, end: int) -> bool:
    """'Eindhoven University of Technology and Delft University of Technology' lists two bodies even when the
    model reads one entity; 'UK Research and Innovation' is one ('Innovation' is no name by itself)."""
    heads = words("org_heads") | words("initiative_heads")
    left, right = doc[start:conj], doc[conj + 1 : end]
    return len(left) >= 2 and len(right) >= 2 and any(t.lower_ in heads for t in left) and any(
        t.lower_ in heads for t in right)


def _protected_run(doc: Doc, start: int, after: int, caps: list[bool], protected: set[str]) -> int:
    """End of the longest continuation from `start` through token `after` that is a known longer name, or 0."""
    best = 0
    e = after
    limit = min(len(doc), after + 12)
    while e < limit and (caps[e] or doc[e].lower_ in ("of", "for", "and", "&", "the", "in", "to", "'s", "’s", "with", "on") or doc[e].text in DASHES):
        e += 1
        for s in range(start, after):
            if doc[s:e].text in protected and caps[e - 1]:
                best = e
    return best


def acronym_matches(acr: str, name: str) -> bool:
    """'NIIMBL' ~ 'National Institute for Innovation in Manufacturing Biopharmaceuticals'."""
    letters = re.sub(r"[^A-Za-z]", "", acr).upper()
    return acronym_of(name).startswith(letters[:2]) if letters else False
