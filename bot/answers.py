"""Query + render shared by the CLI and the slash commands: each function returns an `Answer` or raises `NotFound`.

`article` arguments accept an id, a file name or a loose title; without one, commands answer about the most
recent article (by date, then ingest time). Names are matched through the store's in-memory index.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Literal

from bot.model import ROLES
from bot.names import fold
from bot.render.answer import Answer, Line, NotFound
from bot.store import FactStore, IndexEntry, article_label, match_expression

if TYPE_CHECKING:
    from bot.ingest import IngestReport

NO_ARTICLES = "The database holds no articles yet; run `factbot ingest` (or /admin reload)."
MAX_SENTENCES = 10
MAX_SEARCH = 50
_ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}


def consistent(command: Callable[..., Awaitable[Answer]]) -> Callable[..., Awaitable[Answer]]:
    """Run a command's queries against one state of the store, even when a reload commits mid-way."""

    @functools.wraps(command)
    async def run(store: FactStore, *args: Any, **kwargs: Any) -> Answer:
        return await store.consistent(command, store, *args, **kwargs)

    return run


def role_label(role: str, plural: bool = False) -> str:
    label = role.replace("_", " ")
    return label + ("s" if plural and not label.endswith("s") else "")


@functools.lru_cache(maxsize=1024)  # few distinct values ("[1]", "[1, 2]", ...), parsed for every fact row
def _sources(backing: str | None) -> tuple[int, ...]:
    return tuple(json.loads(backing)) if backing else ()


def _article_data(row: Any, id_column: str = "article_id") -> dict[str, Any]:
    """The article a fact row (or, with id_column="id", an article row) comes from."""
    return {"id": row[id_column], "file": row["file"], "title": row["title"], "date": row["date"]}


# ---- resolving what the user named ----

def _pick(store: FactStore, group: str, text: str, kind: str) -> IndexEntry:
    """Exact key match first, then the best prefix match; else NotFound with close matches."""
    found = store.index.find(group, text) or store.index.complete(group, text, limit=1)
    if not found:
        raise NotFound(kind, text, store.index.suggest(group, text))
    return found[0]


def resolve_article(store: FactStore, article: str | int | None) -> int | None:
    """Article id for an id / file name / loose title; the most recent article for None (None if empty)."""
    if article is None or (isinstance(article, str) and not article.strip()):
        recent = store.index.entries["article"]
        return int(recent[0].value) if recent else None
    text = str(article).strip()
    if text.isdigit():
        for entry in store.index.find("article", text):
            if entry.value == text:
                return int(text)
    return int(_pick(store, "article", text, "article").value)


async def _article_row(store: FactStore, article: str | int | None) -> Any:
    article_id = resolve_article(store, article)
    return await store.article(article_id) if article_id is not None else None


def _no_articles(title: str) -> Answer:
    return Answer(title=title, empty=NO_ARTICLES, data={"article": None})


# ---- commands ----

@consistent
async def articles(store: FactStore, limit: int = 25) -> Answer:
    """The most recent articles."""
    rows = await store.recent_articles(limit)
    total = store.counts.get("articles", len(rows))
    lines = tuple(Line(f"#{r['id']} {r['title'] or r['file']} — {r['date'] or 'no date'}, {r['file']}") for r in rows)
    data = [{"id": r["id"], "file": r["file"], "title": r["title"], "date": r["date"], "location": r["location"],
             "sentences": r["sentences"], "partners": r["partners"]} for r in rows]
    intro = f"Showing the {len(rows)} most recent of {total} articles." if total > len(rows) else None
    return Answer(title="Articles", lines=lines, intro=intro, empty=NO_ARTICLES, data=data,
                  extra={"articles": str(total)})


@consistent
async def partners(store: FactStore, initiative: str | None = None, article: str | int | None = None) -> Answer:
    """Partners grouped by role (alphabetically within a group), of one initiative (across articles, or in
    `article`) or of an article."""
    key = _pick(store, "initiative", initiative, "initiative").value if initiative else None
    article_id = resolve_article(store, article) if (article is not None or key is None) else None
    if article_id is None and key is None:
        return _no_articles("Partners")
    rows, inits = await store.partners_and_initiatives(article_id=article_id, initiative_key=key)
    names = {i["key"]: (f"{i['name']} ({i['acronym']})" if i["acronym"] else i["name"]) for i in reversed(inits)}
    several = len({r["initiative_key"] for r in rows}) > 1
    seen: set[tuple[str, int]] = set()
    entries: list[tuple[tuple[Any, str], Line, dict[str, Any]]] = []
    for r in rows:
        initiative_key, role, org = r["initiative_key"], r["role"], r["org"]
        if (initiative_key, r["entity_id"]) in seen:  # one organisation once per initiative
            continue
        seen.add((initiative_key, r["entity_id"]))
        label, group = _role_labels(role)
        if several:
            group = f"{names.get(initiative_key, r['initiative'])} — {group.lower()}"
        line = Line(f"{org} — {label}", _sources(r["backing"]), group)
        # Groups in role order (by initiative first when there are several); names alphabetical within one.
        order = group if several else _ROLE_ORDER.get(role, 99)
        entries.append(((order, _sort_name(org)), line,
                        {"org": org, "entity": r["entity"], "role": role, "initiative": r["initiative"],
                         "sources": list(line.sources), "article": _article_data(r)}))
    entries.sort(key=lambda e: e[0])
    leaders = [f"{names.get(i['key'], i['name'])}, led by {i['leader'] or i['led_by']}" for i in inits if i["led_by"]]
    intro = "; ".join(dict.fromkeys(leaders)) + "." if leaders else None
    if key:
        title = f"Partners of {names.get(key) or _pick(store, 'initiative', initiative, 'initiative').label}"
        provenance = _provenance(rows)
    else:
        head = await store.article(article_id)
        title = f"Partners in {head['title'] or head['file']}"
        provenance = f"Article: {article_label(head)}"
    return Answer(title=title, lines=tuple(e[1] for e in entries), intro=intro, provenance=provenance,
                  empty="No partners are recorded for this.",
                  data={"initiatives": [{"name": i["name"], "acronym": i["acronym"], "led_by": i["leader"] or i["led_by"],
                                         "sources": list(_sources(i["backing"]))} for i in _unique(inits)],
                        "partners": [e[2] for e in entries]})


@functools.lru_cache(maxsize=64)
def _role_labels(role: str) -> tuple[str, str]:
    """('founding member', 'Founding members') for 'founding_member'."""
    return role_label(role), role_label(role, plural=True).capitalize()


def _sort_name(name: str) -> str:
    """Case- and accent-insensitive sort key; plain ASCII (most names) skips the Unicode folding."""
    return name.casefold() if name.isascii() else fold(name)


def _unique(inits: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for i in inits:
        seen.setdefault(i["key"], i)
    return list(seen.values())


def _provenance(rows: list[Any]) -> str | None:
    labels: dict[int, str] = {}
    for r in rows:  # rows come grouped by article: label each article once
        if r["article_id"] not in labels:
            labels[r["article_id"]] = article_label(r)
    labels = list(dict.fromkeys(labels.values()))
    if not labels:
        return None
    more = f"; and {len(labels) - 3} more" if len(labels) > 3 else ""
    return ("Article: " if len(labels) == 1 else "Articles: ") + "; ".join(labels[:3]) + more


@consistent
async def summary(store: FactStore, article: str | int | None = None, sentences: int = 3) -> Answer:
    """The article's summary sentences (the extractor's choice, else its opening sentences)."""
    head = await _article_row(store, article)
    if head is None:
        return _no_articles("Summary")
    count = max(1, min(int(sentences), MAX_SENTENCES))
    rows = await store.summary_sentences(head["id"], count)
    lines = tuple(Line(r["text"], _sources(r["backing"])) for r in rows)
    return Answer(title=f"Summary: {head['title'] or head['file']}", lines=lines,
                  provenance=f"Article: {article_label(head)}",
                  data={"article": _article_data(head, "id"),
                        "sentences": [{"index": r["idx"], "text": r["text"], "sources": list(_sources(r["backing"]))}
                                      for r in rows]})


@consistent
async def sources(store: FactStore, article: str | int | None = None) -> Answer:
    """Each source number: its title/URL when listed and how many sentences cite it."""
    head = await _article_row(store, article)
    if head is None:
        return _no_articles("Sources")
    rows = await store.sources_of(head["id"])
    lines: list[Line] = []
    data: list[dict[str, Any]] = []
    for r in rows:
        cited = f"cited in {r['sentences']} sentence{'s' if r['sentences'] != 1 else ''}"
        described = " — ".join(x for x in (r["title"], r["url"]) if x)
        if described:
            text = f"Source {r['n']}: {described} ({cited})" + ("" if r["url"] else "; no link given")
        else:
            text = f"Source {r['n']}: {cited}; " + ("listed without title or link" if r["listed"]
                                                    else "no title or link given")
        lines.append(Line(text, (r["n"],)))
        data.append({"n": r["n"], "title": r["title"], "url": r["url"], "listed": bool(r["listed"]),
                     "sentences": r["sentences"], "markers": r["markers"]})
    header = head["sources_header"]
    if rows and not any(r["url"] for r in rows):
        intro = (f"The article's source list ({header}) gives no links for these sources."
                 if header else "The article has no source list, so it gives no links for these sources.")
    elif any(not r["url"] for r in rows):
        intro = "Some sources have no link in the article's source list."
    else:
        intro = None
    return Answer(title=f"Sources: {head['title'] or head['file']}", lines=tuple(lines), intro=intro,
                  provenance=f"Article: {article_label(head)}", empty="The article cites no sources.",
                  data={"article": _article_data(head, "id"), "sources_header": header, "sources": data},
                  extra={"sources": str(len(rows)), "markers": str(sum(r["markers"] for r in rows))})


@consistent
async def people(store: FactStore, article: str | int | None = None) -> Answer:
    """Named people with their role and organisation."""
    head = await _article_row(store, article)
    if head is None:
        return _no_articles("People")
    rows = await store.people_of(head["id"])
    lines, data = [], []
    for r in rows:
        org = r["org_entity"] or r["org"]
        detail = ", ".join(x for x in (r["role"], org) if x)
        lines.append(Line(f"{r['name']} — {detail}" if detail else r["name"], _sources(r["backing"])))
        data.append({"name": r["name"], "role": r["role"], "org": org, "sources": list(_sources(r["backing"]))})
    return Answer(title=f"People: {head['title'] or head['file']}", lines=tuple(lines),
                  provenance=f"Article: {article_label(head)}", empty="No people are named in this article.",
                  data={"article": _article_data(head, "id"), "people": data})


@consistent
async def search(store: FactStore, query: str, limit: int = 20) -> Answer:
    """Full-text search over every sentence; each hit with its article and source numbers."""
    expression = match_expression(query)
    title = f"Search: {query.strip()[:80]}"
    if expression is None:
        return Answer(title=title, empty="Type at least one word to search for.", data={"query": query, "results": []})
    rows = await store.search_sentences(expression, max(1, min(int(limit), MAX_SEARCH)))
    lines = tuple(Line(r["snippet"], _sources(r["backing"]), article_label(r)) for r in rows)
    return Answer(title=title, lines=lines, empty=f"No sentence matches {query.strip()[:80]!r}.",
                  data={"query": query, "results": [{"snippet": r["snippet"], "sentence": r["idx"],
                                                      "sources": list(_sources(r["backing"])),
                                                      "article": _article_data(r)} for r in rows]})


@consistent
async def about(store: FactStore, name: str) -> Answer:
    """Everything known about an organisation or person across articles (an initiative gives its partners)."""
    entry = _pick(store, "name", name, "organisation or person")
    if entry.kind == "initiative":
        return await partners(store, initiative=entry.value)
    rows = await store.facts_about(int(entry.value))
    lines: list[Line] = []
    data: list[dict[str, Any]] = []
    with_facts = {r["article_id"] for r in rows if r["what"] != "named"}
    for r in rows:
        what, target, detail = r["what"], r["target"], r["detail"]
        if what == "partner":
            text = f"{role_label(detail)} of {target}"
        elif what == "leads":
            text = f"leads {target}" + (f" ({r['extra']})" if r["extra"] else "")
        elif what == "member":
            text = f"{target}, {detail}" if detail else f"{target} (named with it)"
        elif what == "role":
            text = ", ".join(x for x in (detail, target) if x) or "named"
        elif r["article_id"] in with_facts:
            continue
        else:
            text = "named in the article"
        line = Line(text, _sources(r["backing"]), article_label(r))
        lines.append(line)
        data.append({"fact": what, "text": text, "sources": list(line.sources), "article": _article_data(r)})
    # The index ranks entities by how many articles name them; rows are capped, so they only add a floor.
    articles_count = max(-entry.rank, len({r["article_id"] for r in rows}))
    kind = "Organisation" if entry.kind == "organisation" else "Person"
    return Answer(title=f"About {entry.label}", lines=tuple(lines),
                  intro=f"{kind} named in {articles_count} article{'s' if articles_count != 1 else ''}.",
                  empty="Nothing more is recorded.",
                  data={"name": entry.label, "kind": entry.kind, "facts": data})


@consistent
async def stats(store: FactStore) -> Answer:
    """Counts of articles and facts (kept in memory since the last reload)."""
    c = store.counts
    labels = (("articles", "Articles"), ("sentences", "Sentences"), ("cited_sources", "Cited sources"),
              ("initiatives", "Initiatives"), ("partnerships", "Partnerships"), ("organisations", "Organisations"),
              ("people", "People"), ("domains", "Domains"))
    lines = tuple(Line(f"{label}: {c.get(key) or 0:,}") for key, label in labels)
    return Answer(title="Database", lines=lines, data={key: c.get(key) or 0 for key, _ in labels},
                  extra={"database": str(store.path)})


def report(ingest_report: "IngestReport") -> Answer:
    """An ingest/reload report as an Answer."""
    r = ingest_report
    lines: list[Line] = []
    for group, names in (("Added", r.added), ("Changed", r.changed), ("Removed", r.removed)):
        lines.extend(Line(name, group=group) for name in names)
    lines.extend(Line(f"{name} — {reason}", group="Rejected") for name, reason in r.rejected)
    if r.unchanged:
        lines.append(Line(f"{len(r.unchanged)} file{'s' if len(r.unchanged) != 1 else ''} unchanged", group="Unchanged"))
    title = (f"Ingest: {len(r.added)} added, {len(r.changed)} changed, {len(r.unchanged)} unchanged, "
             f"{len(r.removed)} removed, {len(r.rejected)} rejected")
    intro = "Nothing changed." if r.nothing_changed and not r.rejected else None
    extra = {"seconds": f"{r.durations['total']:.2f}"} if "total" in r.durations else {}
    return Answer(title=title, lines=tuple(lines), intro=intro, data=r.to_dict(), extra=extra)


def complete(store: FactStore, kind: Literal["article", "initiative", "name"], current: str,
             limit: int = 25) -> list[tuple[str, str]]:
    """Autocomplete choices (label, value) from the in-memory index; values are what the commands accept."""
    entries = store.index.complete(kind, current or "", limit=max(1, min(limit, 25)))
    return [(e.label, e.label if e.kind in ("organisation", "person") else e.value) for e in entries]
