"""Initiatives (named programmes, consortia, hubs ...) and who leads or launched them."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from bot.extract.mentions import DocNames, Mention
from bot.extract.rules import words
from bot.extract.keys import name_key


@dataclass(slots=True)
class Found:
    """An initiative while it is being assembled."""

    name: str
    sentence: int
    acronym: str | None = None
    aliases: set[str] = field(default_factory=set)  # name_keys of every form used
    led_by: str | None = None
    lead_strength: int = 0  # 2 = "led/headed/hosted by", 1 = sole launcher
    founders: list[str] = field(default_factory=list)  # joint launchers
    launched: bool = False  # someone launched/formed/established it in this article
    first_token: int = 0


def _head_word(names: DocNames, m: Mention) -> Token:
    """'Alliance' in 'Alliance to End Plastic Waste': the last word before the first linking word."""
    doc = names.doc
    k = m.start
    while k + 1 < m.end and doc[k + 1].lower_ not in ("of", "for", "to", "in", "on", "with", "-", "–"):
        k += 1
    if k > m.start and doc[k].lower_ in words("initiative_head_tails") and doc[k - 1].lower_ in words("initiative_heads"):
        k -= 1  # "GaN Power Pilot Line"
    return doc[k]


def _type_noun_after(names: DocNames, end: int, limit: int = 6) -> Token | None:
    """The type noun of an apposition: 'X, a [new national] consortium'."""
    doc = names.doc
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
        return None
    for k in range(end + 2, min(len(doc), end + 2 + limit)):
        t = doc[k]
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP"):
            return None
        if t.lower_ in words("initiative_type_nouns") and t.text.islower():
            return t
    return None


def _is_org_name(names: DocNames, text: str) -> bool:
    full = names.fullest(text)
    head = full.split()[0].lower() if " of " in full or " for " in full else full.split()[-1].lower()
    return head in words("org_heads") and head not in words("initiative_heads")


def find_initiatives(names: DocNames) -> list[Found]:
    doc = names.doc
    found: dict[str, Found] = {}
    key_of: dict[str, str] = {}  # any alias key -> canonical key

    def add(name: str, sentence: int, token: int, alias_of: str | None = None) -> Found:
        key = name_key(name)
        if alias_of is not None and name_key(alias_of) in key_of:
            item = found[key_of[name_key(alias_of)]]
            item.aliases.add(key)
            key_of[key] = name_key(item.name)
            return item
        if key in key_of:
            return found[key_of[key]]
        item = Found(name, sentence, aliases={key}, first_token=token)
        found[key] = item
        key_of[key] = key
        return item

    heads, need_context = words("initiative_heads"), words("initiative_heads_need_context")
    for m in names.mentions:
        key = name_key(m.text)
        typed = _type_noun_after(names, m.end)
        if key in names.people or names.is_place(m.text) and m.text not in names.acronyms and typed is None:
            continue  # "Blue Harbor, a consortium ..." is an initiative whatever the model calls it
        if m.end - m.start == 1 and m.start >= 3 and doc[m.start - 1].text == ")" and doc[m.start - 3].text == "(":
            before = names.at(m.start - 4)  # "Northeast Microelectronics Coalition (NEMC) Hub": the name ends at "("
            if before is not None and name_key(names.acronyms.get(before.text, before.text)) in key_of:
                add(m.text, m.sentence, m.start, alias_of=names.acronyms.get(before.text, before.text))
                continue
        head = _head_word(names, m)
        low = head.lower_
        after = _after_acronym(names, m.end)
        lowercase_type = after < len(doc) and doc[after].lower_ in words("initiative_type_nouns") and \
            doc[after].text.islower() and doc[after].tag_ != "NNS"
        strong = low in heads and low not in need_context and not head.text.islower() and head.tag_ != "NNPS"
        if m.text in names.acronyms:
            strong = strong or _head_word_of_text(names.acronyms[m.text]) in heads - need_context
        context = typed is not None or _launched_or_led(names, m) and low in heads
        if _is_org_name(names, m.text) and typed is None:
            continue
        if strong or context:
            add(names.acronyms.get(m.text, m.text), m.sentence, m.start)
        elif lowercase_type and not _is_org_name(names, m.text):
            start = m.start
            # "the Carbios and L'Oréal consortium": organisations naming a joint initiative
            prev = names.at(m.start - 2) if m.start >= 2 and doc[m.start - 1].lower_ in ("and", "&") else None
            if prev is not None and names.is_org(prev.text):
                start = prev.start
                item = add(doc[start : m.end + 1].text, m.sentence, start)
                for org in (prev.text, m.text):
                    if org not in item.founders:
                        item.founders.append(org)
            else:
                add(names.acronyms.get(m.text, m.text), m.sentence, m.start)
    _naming(names, found, key_of, add)
    _acronym_forms(names, found)
    return sorted(found.values(), key=lambda f: f.first_token)


def _after_acronym(names: DocNames, end: int) -> int:
    """Skip a '(ABC)' right after a name."""
    doc = names.doc
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return end + 3
    return end


def _head_word_of_text(text: str) -> str:
    words_ = text.split()
    for i, w in enumerate(words_):
        if i + 1 < len(words_) and words_[i + 1].lower() in ("of", "for", "to", "in", "on", "with"):
            return w.lower()
    if len(words_) >= 2 and words_[-1].lower() in words("initiative_head_tails"):
        return words_[-2].lower()
    return words_[-1].lower() if words_ else ""


def _launched_or_led(names: DocNames, m: Mention) -> bool:
    """The mention is the object of launch/lead verbs, or the subject of 'X is the pilot/hub ...'."""
    doc = names.doc
    verbs = words("launch_verbs") | words("lead_verbs") | {"join"}
    for t in doc[m.start : m.end]:
        if t.dep_ in ("dobj", "nsubjpass", "pobj") and t.head.lemma_ in verbs:
            return True
        if t.dep_ == "nsubj" and t.head.lemma_ == "be":
            attr = [c for c in t.head.children if c.dep_ == "attr"]
            if attr and attr[0].lower_ in words("initiative_type_nouns"):
                return True
    return False


def _naming(names: DocNames, found: dict[str, Found], key_of: dict[str, str], add) -> None:
    """'a network called Catena-X', 'Ecosystem, known as BioMADE', 'generally called the Future Food Initiative'."""
    doc = names.doc
    naming = words("naming_words")
    for i, low in enumerate(names.lower):
        if low not in naming:
            continue
        t = doc[i]
        k = t.i + 1
        if t.lower_ == "known" and k < len(doc) and doc[k].lower_ == "as":
            k += 1
        while k < len(doc) and doc[k].lower_ == "the":
            k += 1
        target = names.at(k) if k < len(doc) else None
        if target is None or name_key(target.text) in names.people:
            continue
        # what is being named: a mention right before (", known as") or a type noun just before
        before = [x for x in doc[max(0, t.i - 5) : t.i] if x.lower_ in words("initiative_type_nouns")]
        k2 = t.i - 1
        while k2 >= 0 and (doc[k2].is_punct or doc[k2].pos_ == "ADV" or doc[k2].lower_ in ("be", "will", "is")):
            k2 -= 1
        named = names.at(k2) if k2 >= 0 else None
        if named is not None and name_key(named.text) in key_of:
            item = found[key_of[name_key(named.text)]]
            tk = name_key(target.text)
            if tk in key_of and key_of[tk] != name_key(item.name):  # two forms found separately: merge
                other = found.pop(key_of[tk])
                item.aliases |= other.aliases
                for a in other.aliases:
                    key_of[a] = name_key(item.name)
            item.aliases.add(tk)
            key_of[tk] = name_key(item.name)
            if _looks_like_acronym(target.text):
                item.acronym = item.acronym or target.text
            elif target.text.split()[-1].lower() in words("initiative_heads"):
                item.name = target.text  # "generally called the X Initiative": the name in use
        elif before or (named is not None and name_key(named.text) in key_of):
            item = add(names.acronyms.get(target.text, target.text), target.sentence, target.start)
            if target.text in names.acronyms:
                item.acronym = target.text


def _looks_like_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return " " not in text and sum(c.isupper() for c in letters) >= 2 and len(letters) <= 12


def _acronym_forms(names: DocNames, found: dict[str, Found]) -> None:
    """Attach defined acronyms; 'UPWARDS for the Future' is the name when the acronym is used that way."""
    for item in list(found.values()):
        for acr, full in names.acronyms.items():
            if name_key(full) in item.aliases or name_key(acr) in item.aliases:
                item.acronym = item.acronym or acr
                item.aliases |= {name_key(full), name_key(acr)}
                if name_key(item.name) == name_key(acr):
                    item.name = full
        for acr, full in names.acronyms.items():
            if item.name.startswith(acr + " "):
                item.acronym = item.acronym or acr
                item.aliases |= {name_key(full), name_key(acr)}
        if item.acronym:
            for m in names.mentions:
                if m.text.startswith(item.acronym + " ") and m.text.split()[1] in ("for", "of", "in"):
                    item.name = m.text
                    item.aliases.add(name_key(m.text))


class InitiativeIndex:
    """Which initiative a token refers to: a named one, or the article's main one for 'the institute'."""

    def __init__(self, names: DocNames, items: list[Found]) -> None:
        self.names = names
        self.items = items
        self.by_key = {alias: item for item in items for alias in item.aliases}
        counts = {id(item): 0 for item in items}
        for m in names.mentions:
            item = self.by_key.get(name_key(m.text))
            if item is not None:
                counts[id(item)] += 1 + 3 * _launched_or_led(names, m)
        self.primary = max(items, key=lambda i: (counts[id(i)], -i.first_token)) if items else None

    def named(self, token_i: int) -> Found | None:
        m = self.names.at(token_i)
        return self.by_key.get(name_key(m.text)) if m is not None else None

    def refers(self, token: Token) -> Found | None:
        """A named initiative, or the main one for a generic 'the institute' / 'a new consortium'."""
        named = self.named(token.i)
        if named is not None:
            return named
        if token.lower_ in words("initiative_type_nouns") and token.text.islower() and token.tag_ != "NNS":
            return self.primary
        return None

    def in_sentence(self, sentence: int) -> list[Found]:
        out: list[Found] = []
        for m in self.names.in_sentence(sentence):
            item = self.by_key.get(name_key(m.text))
            if item is not None and item not in out:
                out.append(item)
        return out


def _agents(names: DocNames, verb: Token) -> list[Mention]:
    """Who does `verb`: passive agent, subject (through 'which' and 'it'), or the object of 'picked X to lead'."""
    doc = names.doc
    subj: list[Token] = []
    for c in verb.children:
        if c.dep_ == "agent":
            subj += [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ == "nsubj":
            subj.append(c)
    if not subj and verb.dep_ in ("xcomp", "advcl"):
        subj = [c for c in verb.head.children if c.dep_ == "dobj"]
        if not subj:  # "X teamed up with Y and Z to form W": all of them form it
            subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
            for prep in (c for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "with"):
                subj += [p for p in prep.children if p.dep_ == "pobj"]
    if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _agents(names, verb.head)
    out: list[Mention] = []
    for s in subj:
        if s.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            s = verb.head
        elif s.lower_ in ("it", "they"):
            prior = [m for m in names.mentions if m.end <= s.i and names.is_org(m.text)]
            s = doc[prior[-1].start] if prior else s
        for t in [s, *[c for c in s.conjuncts]]:
            m = names.at(t.i)
            if m is not None and names.is_org(m.text) and m not in out:
                out.append(m)
    return out


def assign_leaders(names: DocNames, index: InitiativeIndex) -> None:
    """led_by from 'led/headed/hosted by X', 'X will lead Y', 'X launched Y'; joint launchers become founders."""
    doc = names.doc
    lead, launch = words("lead_verbs"), words("founding_verbs") | {"announce"}
    for i, lemma in enumerate(names.lemma):
        if lemma not in lead and lemma not in launch:
            continue
        verb = doc[i]
        if verb.i >= 2 and doc[verb.i - 1].text in "-‐" and doc[verb.i - 2].lower_ == "co":
            continue  # "co-led by" makes a partner, not the leader
        objs = []
        for c in verb.children:
            if c.dep_ == "dobj" and c.lower_ in ("which", "that") and verb.dep_ == "relcl":
                objs.append(verb.head)  # "the Partnership, which Contoso leads"
            elif c.dep_ in ("dobj", "nsubjpass"):
                objs += [a for a in c.children if a.dep_ == "appos"] + [c]  # "the second hub, the ABC,"
        if verb.dep_ in ("acl", "appos") and verb.tag_ == "VBN":
            objs.append(verb.head)  # "The institute, led by X"; "X, a platform run by Y" (read as apposition)
        targets = []
        for o in objs:
            item = index.refers(o)
            if item is None and (m := names.at(o.i)) is not None:
                item = index.by_key.get(name_key(m.text))
            if item is not None:
                targets.append((o, item))
        if not targets:
            continue
        targets.sort(key=lambda t: index.named(t[0].i) is None)  # a name beats "the hub" in apposition
        agents = [a for a in _agents(names, verb) if name_key(a.text) not in targets[0][1].aliases]
        if not agents:
            continue
        obj, item = targets[0]
        named = index.named(obj.i) is not None
        if lemma in words("founding_verbs"):
            item.launched = True
        if lemma in lead and len(agents) == 1:
            if item.lead_strength < 2:
                item.led_by, item.lead_strength = names.fullest(agents[0].text), 2
        elif lemma in launch and (named or lemma != "announce"):
            if len(agents) == 1 and item.lead_strength < 1:
                item.led_by, item.lead_strength = names.fullest(agents[0].text), 1
            elif len(agents) > 1:
                for a in agents:
                    if a.text not in item.founders:
                        item.founders.append(a.text)
    leaders = {name_key(i.led_by) for i in index.items if i.led_by}
    for item in list(index.items):  # an organisation that leads an initiative is not one itself
        if item.aliases & leaders and not item.founders:
            index.items.remove(item)
            for alias in item.aliases:
                index.by_key.pop(alias, None)
    for item in index.items:
        if item.founders and item.lead_strength < 2:
            if item.lead_strength == 1 and item.led_by not in item.founders:
                continue
            item.led_by = None
