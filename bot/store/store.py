"""`FactStore`: the SQLite database of articles and facts (aiosqlite for reads, a thread for the writer)."""

from __future__ import annotations

import asyncio
import gc
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable

import aiosqlite

from bot.model import (Article, ArticleFacts, Domain, Event, Initiative, Organisation, Partner, Person,
                       ProcessedArticle, Sentence, Source)
from bot.store.index import NameIndex, article_label, build_index
from bot.store.queries import FactQueries
from bot.store.schema import migrate
from bot.store.write import WritePlan, apply_plan, connect


class FactStore(FactQueries):
    """One open database: read queries, the name index and the reload writer. Use `await FactStore.open(path)`."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.index = NameIndex()
        self.counts: dict[str, int] = {}
        self.write_lock = asyncio.Lock()  # one reload at a time per process; SQLite serialises processes
        self.indexed_version: int | None = None  # data_version the index was built at

    @classmethod
    async def open(cls, path: str | Path) -> "FactStore":
        """Open (creating the file and its parent folder if needed) and migrate the database."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(_prepare, str(path))
        db = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA busy_timeout = 30000")
            store = cls(db, path)
            await store.refresh()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    async def __aenter__(self) -> "FactStore":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def fetch(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run one query and return all rows in one hop to the connection's thread."""
        return list(await self.db.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetch(sql, params)
        return rows[0] if rows else None

    # ---- writing ----

    async def apply(self, plan: WritePlan) -> None:
        """Apply a reload's changes in one transaction (off the event loop), then rebuild the name index."""
        if plan:
            await asyncio.to_thread(apply_plan, str(self.path), plan)
        elif await self.data_version() == self.indexed_version:
            return  # nothing committed here or elsewhere since the last rebuild: keep a no-op reload cheap
        await self.refresh()

    async def file_hashes(self) -> dict[str, str]:
        """File name -> sha256 of every stored article."""
        return {row[0]: row[1] for row in await self.fetch("SELECT file, sha256 FROM article")}

    async def data_version(self) -> int:
        """SQLite's data_version: changes when another connection commits."""
        row = await self.fetch_one("PRAGMA data_version")
        return int(row[0])

    # ---- the in-memory index ----

    async def refresh(self) -> None:
        """Rebuild the name index and counts from the database (after each reload)."""
        articles = await self.fetch(
            "SELECT id, file, title, date, keys, loose_keys FROM article ORDER BY sort_date DESC, seq DESC")
        initiatives = await self.fetch(
            "SELECT key, max(name) AS name, max(acronym) AS acronym, max(keys) AS keys, max(loose_keys) AS loose_keys,"
            " count(DISTINCT article_id) AS articles FROM initiative GROUP BY key"
        )
        entities = await self.fetch(
            """SELECT e.id, e.kind, e.key, e.name, (SELECT group_concat(k.key, char(31)) FROM entity_key k
                                                    WHERE k.entity_id = e.id) AS keys,
                      (SELECT count(DISTINCT article_id) FROM organisation o WHERE o.entity_id = e.id)
                    + (SELECT count(DISTINCT article_id) FROM person p WHERE p.entity_id = e.id) AS articles
               FROM entity e"""
        )
        # Built in a thread: at 10,000 articles it takes a moment the event loop should not wait for.
        self.index = await asyncio.to_thread(build_index, articles, initiatives, entities)
        # The index is long-lived: move it out of the collector's generations so full collections (which
        # would walk every entry) do not stall later commands.
        gc.freeze()
        row = await self.fetch_one(
            """SELECT (SELECT count(*) FROM article) AS articles, (SELECT count(*) FROM sentence) AS sentences,
                      (SELECT count(*) FROM source) AS listed_sources,
                      (SELECT count(DISTINCT article_id || '/' || n) FROM citation) AS cited_sources,
                      (SELECT count(DISTINCT key) FROM initiative) AS initiatives,
                      (SELECT count(*) FROM partner) AS partnerships,
                      (SELECT count(*) FROM entity WHERE kind = 'organisation') AS organisations,
                      (SELECT count(*) FROM entity WHERE kind = 'person') AS people,
                      (SELECT count(DISTINCT name) FROM domain) AS domains,
                      (SELECT max(ingested_at) FROM article) AS last_ingest"""
        )
        self.counts = {key: row[key] for key in row.keys()}

    # ---- whole articles ----

    async def article_ids(self) -> list[int]:
        """Every article id, most recent first."""
        return [r[0] for r in await self.fetch("SELECT id FROM article ORDER BY sort_date DESC, seq DESC")]

    async def load_processed(self, article_id: int) -> ProcessedArticle:
        """Rebuild exactly the `ProcessedArticle` that was stored."""
        a = await self.fetch_one("SELECT * FROM article WHERE id = ?", (article_id,))
        if a is None:
            raise KeyError(article_id)
        q = (article_id,)
        sections = await self.fetch("SELECT heading FROM section WHERE article_id = ? ORDER BY idx", q)
        sentences = await self.fetch("SELECT * FROM sentence WHERE article_id = ? ORDER BY idx", q)
        sources = await self.fetch("SELECT n, title, url FROM source WHERE article_id = ? ORDER BY pos", q)
        orgs = await self.fetch("SELECT name, aliases, sentence FROM organisation WHERE article_id = ? ORDER BY pos", q)
        inits = await self.fetch(
            "SELECT name, acronym, led_by, sentence FROM initiative WHERE article_id = ? ORDER BY pos", q)
        partners = await self.fetch(
            "SELECT org, initiative, role, sentence FROM partner WHERE article_id = ? ORDER BY pos", q)
        people = await self.fetch("SELECT name, role, org, sentence FROM person WHERE article_id = ? ORDER BY pos", q)
        events = await self.fetch(
            "SELECT date, when_text, description, sentence FROM event WHERE article_id = ? ORDER BY pos", q)
        domains = await self.fetch("SELECT name, sentence FROM domain WHERE article_id = ? ORDER BY pos", q)
        summary = await self.fetch("SELECT sentence FROM summary WHERE article_id = ? ORDER BY pos", q)
        article = Article(
            file=a["file"], sha256=a["sha256"], title=a["title"], date=a["date"], topic=a["topic"],
            location=a["location"], sections=tuple(r[0] for r in sections),
            sentences=tuple(
                Sentence(s["idx"], s["section"], s["paragraph"], s["text"], tuple(json.loads(s["citations"])),
                         s["start"], tuple(json.loads(s["backing"])))
                for s in sentences
            ),
            sources=tuple(Source(*r) for r in sources), sources_header=a["sources_header"],
            tags=tuple(json.loads(a["tags"])), body=a["body"],
        )
        facts = ArticleFacts(
            initiatives=tuple(Initiative(*r) for r in inits),
            partners=tuple(Partner(*r) for r in partners),
            people=tuple(Person(*r) for r in people),
            organisations=tuple(Organisation(r[0], tuple(json.loads(r[1])), r[2]) for r in orgs),
            events=tuple(Event(*r) for r in events),
            domains=tuple(Domain(*r) for r in domains),
            summary=tuple(r[0] for r in summary),
        )
        return ProcessedArticle(article, facts)


def _prepare(path: str) -> None:
    """WAL mode (persistent in the file) and migrations, on a short-lived connection."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    finally:
        conn.close()


__all__ = ["FactStore", "WritePlan", "article_label"]
