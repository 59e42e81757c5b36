"""People with their role and organisation, from titles ("MIT President X") and appositions ("X, CEO of Y")."""

from __future__ import annotations

import re

from bot.extract.mentions import DocNames, Mention
from bot.extract.rules import words
from bot.model import Person
from bot.extract.keys import name_key

SPEECH = frozenset("said says added argued noted warned told described emphasized emphasised stressed explained "
                   "called pointed welcomed tied named".split())
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\.?\s+")
INITIATIVE = "initiative:"  # org placeholder for "the hub's director"; extract() names the initiative
SMALL = frozenset("of for and the at in on to a an".split())


def _person_like(names: DocNames, m: Mention) -> bool:
    doc = names.doc
    toks = doc[m.start : m.end]
    if len(toks) < 2 or len(toks) > 5 or m.text in names.acronyms:
        return False
    lows = {t.lower_ for t in toks}
    if lows & words("person_blockers") or lows & words("title_heads") or any(t.lower_ in SMALL for t in toks):
        return False
    if toks[-1].lower_ in words("company_suffixes"):
        return False
    if not all(t.text[0].isupper() or t.text in ("-", "‐") for t in toks):
        return False
    person_tagged = sum(t.ent_type_ == "PERSON" for t in toks) * 2 >= len(toks)
    before = doc[m.start - 1] if m.start else None
    after = doc[m.end] if m.end < len(doc) else None
    titles = words("title_words") | words("title_heads")
    titled = before is not None and before.lower_ in titles | {"'s", "’s"}
    if before is not None and not titled and m.start >= 3:
        two, three = doc[m.start - 2], doc[m.start - 3]
        # "Dean of Engineering Priya Raman"; "Minister for Innovation, Alasdair Munro, attended"
        titled = two.lower_ in ("of", "for") and three.lower_ in titles and before.is_title or (
            before.text == "," and after is not None and after.text == ","
            and any(doc[k].lower_ in words("title_heads") for k in range(max(0, m.start - 5), m.start - 1)))
    appos = after is not None and after.text == "," and m.end + 1 < len(doc) and (
        doc[m.end + 1].lower_ in titles
        or any(doc[k].lower_ in words("title_heads") for k in range(m.end + 1, min(len(doc), m.end + 7))))
    speaks = any(doc[k].lower_ in SPEECH for k in range(m.end, min(len(doc), m.end + 3)))
    return titled or (person_tagged and (appos or speaks)) or (appos and speaks)


def find_people(names: DocNames) -> list[Person]:
    """Every named person, once, with the first role/organisation the article gives."""
    found: dict[str, Person] = {}
    for m in names.mentions:
        if _person_like(names, m):
            names.people.add(name_key(m.text))
    for m in names.mentions:
        key = name_key(m.text)
        if key not in names.people:
            continue
        role, org = _named_as(names, m)
        if role is None:
            role, org = _apposition(names, m)
        if role is None:
            role, org = _title_before(names, m)
        if role is not None:
            role, org = _settle(names, role, org)
        prev = found.get(key)
        if prev is None or (prev.role is None and role is not None):
            found[key] = Person(_HONORIFIC.sub("", m.text), role, org, m.sentence)
    return list(found.values())


_NAMED_AS = re.compile(
    r"^[^.;]{0,160}?\b(?:was|is|has been|were) (?:named|appointed|chosen)(?: as)? (?:the )?"
    r"(?P<org>[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*)*?)(?:'s|’s) (?:first |new |founding |interim )?(?P<role>[a-z][a-z -]*[a-z])"
)


def _named_as(names: DocNames, m: Mention) -> tuple[str | None, str | None]:
    """'X, ..., was named as NIIMBL's first director' states the role the article is about."""
    doc = names.doc
    sentence = names.article.sentences[m.sentence]
    tail = sentence.text[doc[m.end - 1].idx + len(doc[m.end - 1]) - sentence.start :]
    match = _NAMED_AS.match(tail)
    if not match:
        return None, None
    return _clean_role(match.group("role")), match.group("org")


def _title_before(names: DocNames, m: Mention) -> tuple[str | None, str | None]:
    doc = names.doc
    k = m.start
    titles = words("title_words") | words("title_heads")
    while k > 0:
        t = doc[k - 1]
        if t.text == "," and k == m.start and any(doc[x].lower_ in words("title_heads") for x in range(max(0, k - 5), k - 1)):
            k -= 1  # "Minister for Innovation, Alasdair Munro,": the title stands before the comma
            continue
        if t.is_punct and t.text not in ("-", "&") or t.pos_ in ("VERB", "AUX") or t.lower_ in ("the", "a", "an", "and"):
            break
        inner = t.text.islower() and t.pos_ in ("NOUN", "ADJ") and any(  # "chief technology officer"
            doc[x].lower_ in titles for x in range(max(0, k - 3), k - 1))
        if not (t.lower_ in titles or t.text[0].isupper() or t.lower_ in ("of", "for", "'s", "’s") or inner):
            break
        k -= 1
    pre = doc[k : m.start]
    names.descriptions.append((k, m.start))
    first = next((t.i for t in pre if t.lower_ in titles and not (t.text.isupper() and len(t) > 3)), None)
    if first is None:
        return None, None
    # "Commerce Secretary", "Deputy director": walk back only over title words
    while first > k and doc[first - 1].lower_ in titles:
        first -= 1
    org_toks = [t for t in doc[k:first] if t.lower_ not in ("'s", "’s")]
    org = " ".join(t.text for t in org_toks) or None
    role = doc[first : m.start].text
    return role, org


def _apposition(names: DocNames, m: Mention) -> tuple[str | None, str | None]:
    doc = names.doc
    if m.end >= len(doc) or doc[m.end].text != ",":
        return None, None
    start = m.end + 1
    while start < len(doc) and doc[start].lower_ in ("a", "an", "the"):
        start += 1
    end = start
    titles = words("title_words") | words("title_heads")
    while end < len(doc):
        t = doc[end]
        if t.text in (".", ";", "[") or t.is_sent_start and end > start:
            break
        if t.text == ",":
            nxt = doc[end + 1] if end + 1 < len(doc) else None
            if nxt is None or nxt.pos_ in ("VERB", "AUX") or nxt.lower_ in SPEECH | {"who", "which", "and"}:
                break
        if t.pos_ in ("VERB", "AUX") and t.lower_ not in titles and t.tag_ not in ("VBN", "VBG"):
            break
        end += 1
    seg = doc[start:end]
    if not len(seg) or not any(t.lower_ in words("title_heads") for t in seg[:6]):
        return None, None
    names.descriptions.append((start, end))
    # Only the first of "CEO of X and a vice chairman of Y".
    cut = len(seg)
    seen_org = False
    for j, t in enumerate(seg):
        if t.lower_ in ("of", "at") and j + 1 < len(seg) and seg[j + 1].text[0].isupper():
            mention = names.at(seg[j + 1].i) or names.at(seg[min(j + 2, len(seg) - 1)].i)
            seen_org = seen_org or (mention is not None and names.is_org(mention.text))
        if t.lower_ == "and" and seen_org and j + 1 < len(seg) and not seg[j + 1].text[0].isupper():
            cut = j
            break
    seg = seg[:cut]
    return _role_org(names, seg)


def _role_org(names: DocNames, seg) -> tuple[str | None, str | None]:
    """Split 'head of the Institute X at Carnegie Mellon University' into role and organisation."""
    titles = words("title_words") | words("title_heads")
    toks = list(seg)
    kinds = words("initiative_type_nouns")
    # "the network's scientific director", "president of the alliance": the initiative itself, resolved later
    if len(toks) > 2 and toks[0].lower_ in kinds and toks[1].lower_ in ("'s", "’s"):
        return _clean_role(" ".join(t.text for t in toks[2:])), INITIATIVE + toks[0].lower_
    if len(toks) > 3 and toks[-3].lower_ == "of" and toks[-2].lower_ == "the" and toks[-1].lower_ in kinds:
        return _clean_role(" ".join(t.text for t in toks[:-3])), INITIATIVE + toks[-1].lower_
    # leading organisation: "IBM Research vice president of AI"
    lead = 0
    while lead < len(toks) and toks[lead].text[0].isupper() and toks[lead].lower_ not in titles:
        lead += 1
    lead_org = " ".join(t.text for t in toks[:lead]) if lead else None
    toks = toks[lead:]
    org = None
    role_end = len(toks)
    for p, t in enumerate(toks):  # "director of NSF's Office of X" -> NSF, "Director of the Office of X"
        if t.lower_ in ("'s", "’s") and p >= 2:
            j = max((i for i in range(p) if toks[i].lower_ in ("of", "at")), default=None)
            if j is not None and all(x.text[0].isupper() for x in toks[j + 1 : p]):
                org = " ".join(x.text for x in toks[j + 1 : p])
                role = " ".join(x.text for x in toks[: j + 1]) + " the " + " ".join(x.text for x in toks[p + 1 :])
                return _clean_role(role), org
    for j in range(len(toks) - 1, -1, -1):
        t = toks[j]
        if t.lower_ == "of" and j and toks[j - 1].lower_ in ("secretary", "minister", "secretaries"):
            continue  # "Under Secretary of Defense for ..." is one title
        if names.at(t.i) is not None:
            continue  # the "of" inside "University of Delaware"
        if t.lower_ in ("at", "of") and j + 1 < len(toks):
            rest = toks[j + 1 :]
            while rest and rest[0].lower_ in ("the",):
                rest = rest[1:]
            if not rest or not rest[0].text[0].isupper() or rest[0].lower_ in titles:
                continue
            mention = names.at(rest[0].i)
            if mention is None or not names.is_org(mention.text):
                if t.lower_ == "at":
                    continue
                if mention is None or rest[0].lower_ in words("not_names"):
                    continue
            possessive = next((i for i, r in enumerate(rest) if r.lower_ in ("'s", "’s")), None)
            if possessive is not None:  # "dean of MIT's School of Engineering"
                org = " ".join(r.text for r in rest[:possessive])
                role = " ".join(x.text for x in toks[: j + 1]) + " the " + " ".join(r.text for r in rest[possessive + 1 :])
                return _clean_role(role), org
            org = " ".join(r.text for r in rest) if t.lower_ == "at" else mention.text
            role_end = j
            if t.lower_ == "at":
                break
            if mention.end < rest[-1].i + 1:  # more words after the org: keep them in the role
                org, role_end = None, len(toks)
            break
    role = " ".join(t.text for t in toks[:role_end]).replace(" ,", ",").replace(" - ", "-")
    return _clean_role(role) if role else None, org or lead_org


def _clean_role(role: str) -> str:
    role = re.sub(r"\s+([,'’])", r"\1", role).strip(" ,")
    role = re.sub(r",\s+(?=of\b)", " ", role)  # "Minister for Innovation, of Scotland"
    out = []
    for w in role.split():
        parts = w.split("-")
        parts = [p if p.lower() in SMALL or (p.isupper() and len(p) > 1) else p[:1].upper() + p[1:] for p in parts]
        out.append("-".join(parts))
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _settle(names: DocNames, role: str, org: str | None) -> tuple[str, str | None]:
    """Resolve the organisation to its fullest form; a country before a title belongs to the role."""
    if org is not None and org.startswith(INITIATIVE):
        return _clean_role(role), org
    if org is not None:
        bare = re.sub(r"['’]s$", "", org).strip()
        if names.is_place(bare) or name_key(bare) in ("u s", "us", "uk"):
            adjective = bare.startswith("U.") or names.ent_labels.get(name_key(bare)) == {"NORP"}  # "Norwegian"
            return _clean_role(f"{bare} {role}" if adjective else f"{role} of {bare}"), None
        return _clean_role(role), names.fullest(bare)
    # "Secretary of Commerce" / "Commerce Secretary" -> the Department of Commerce when the article names it
    match = re.search(r"(?:secretary|minister) of (\w+)", role, re.IGNORECASE) or re.search(
        r"(\w+) (?:secretary|minister)", role, re.IGNORECASE)
    if match:
        field = match.group(1).lower()
        for m in names.mentions:
            if re.fullmatch(rf"(?:the )?(?:u\.s\. )?department of {field}", m.text.lower()):
                return _clean_role(role), names.fullest(m.text)
    return _clean_role(role), None
