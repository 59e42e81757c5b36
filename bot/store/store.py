"""`FactStore`: the SQLite database of articles and facts (aiosqlite for reads, a thread for the writer)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, AsyncIterable, Awaitable, Callable, Iterable, TypeVar

import aiosqlite

from bot.model import (Article, ArticleFacts, Domain, Event, Initiative, Organisation, Partner, Person,
                       ProcessedArticle, Sentence, Source)
from bot.store.index import NameIndex, article_label
from bot.store.queries import FactQueries
from bot.store.schema import migrate
from bot.store.view import StoreView, read_view
from bot.store.write import Transaction, WritePlan, commit, connect, rollback, stage_plan


R = TypeVar("R")


class FactStore(FactQueries):
    """One open database: read queries, the name index and the reload writer. Use `await FactStore.open(path)`."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.index = NameIndex()
        self.counts: dict[str, int] = {}
        self.write_lock = asyncio.Lock()  # one reload at a time per process; SQLite serialises processes
        self.indexed_version: int | None = None  # data_version the index was built at
        # A sequence lock for readers: odd while a commit and its index swap are under way. `consistent`
        # reruns a read that overlapped one, so an answer never mixes the old facts with the new.
        self.generation = 0
        self._settled = asyncio.Event()
        self._settled.set()

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
        """Apply a reload's changes in one transaction (off the event loop) and swap in the new name index.

        The next index is built inside the write transaction, so the commit and the swap happen together
        (see `consistent`)."""
        if not plan:
            await self._catch_up()
            return
        conn, view = await asyncio.to_thread(stage_plan, str(self.path), plan, read_view)
        await self._commit(conn, view)

    async def apply_stream(self, pieces: AsyncIterable[WritePlan]) -> None:
        """`apply` for a plan that arrives in pieces (a reload's extraction results as they complete).

        Each piece is written as it comes, all in one transaction opened at the first non-empty piece (while
        another connection holds the write lock, pieces wait in memory until it is free, at the latest after
        the last piece); then the next index is built and swapped in with the commit, as in `apply`. If the
        stream or a write fails, everything rolls back. The caller closes `pieces`."""
        loop = asyncio.get_running_loop()
        # One thread owns the connection, so a rollback queues behind a write still running.
        writer = ThreadPoolExecutor(1, thread_name_prefix="factbot-writer")
        tx: Transaction | None = None
        backlog: list[WritePlan] = []
        try:
            async for piece in pieces:
                if not piece:
                    continue
                backlog.append(piece)
                if tx is None:
                    # Holding the write lock through a long extraction would make another process's writer
                    # time out: while one writes, keep the pieces and try again at the next one.
                    tx = await loop.run_in_executor(writer, Transaction.begin_if_free, str(self.path))
                if tx is not None:
                    await loop.run_in_executor(writer, _write_all, tx, backlog)
            if tx is None and backlog:
                tx = await loop.run_in_executor(writer, Transaction, str(self.path))  # waits, as `apply` does
                await loop.run_in_executor(writer, _write_all, tx, backlog)
            if tx is None:
                await self._catch_up()
                return
            conn, view = await loop.run_in_executor(writer, tx.stage, read_view)
        except BaseException:
            if tx is not None:
                with contextlib.suppress(BaseException):
                    await asyncio.shield(loop.run_in_executor(writer, tx.rollback))
            raise
        finally:
            writer.shutdown(wait=False)
        await self._commit(conn, view)

    async def _catch_up(self) -> None:
        if await self.data_version() != self.indexed_version:
            await self.refresh()  # another process (e.g. `factbot ingest`) committed since the last build

    async def _commit(self, conn: sqlite3.Connection, view: StoreView) -> None:
        self._unsettle()
        try:
            await asyncio.to_thread(commit, conn)
        except BaseException:
            await asyncio.to_thread(rollback, conn)
            self._settle(None)
            raise
        self._settle(view)
        self.indexed_version = await self.data_version()

    async def consistent(self, read: Callable[..., Awaitable[R]], *args: Any, **kwargs: Any) -> R:
        """Run a multi-query read so that it sees one state of the store: rerun it if a reload committed
        while it ran, and wait while a commit is being swapped in."""
        while True:
            seen = self.generation
            if seen % 2:
                await self._settled.wait()
                continue
            result = await read(*args, **kwargs)
            if self.generation == seen:
                return result

    def _unsettle(self) -> None:
        self.generation += 1
        self._settled.clear()

    def _settle(self, view: StoreView | None) -> None:
        if view is not None:
            self.index, self.counts = view.index, view.counts
            # The index is long-lived: move it out of the collector's generations so full collections
            # (which would walk every entry) do not stall later commands.
            gc.freeze()
        self.generation += 1
        self._settled.set()

    async def file_hashes(self) -> dict[str, str]:
        """File name -> sha256 of every stored article."""
        return {row[0]: row[1] for row in await self.fetch("SELECT file, sha256 FROM article")}

    async def data_version(self) -> int:
        """SQLite's data_version: changes when another connection commits."""
        row = await self.fetch_one("PRAGMA data_version")
        return int(row[0])

    # ---- the in-memory index ----

    async def refresh(self) -> None:
        """Rebuild the name index and counts from the database (on open, or after another process wrote)."""
        version = await self.data_version()
        # Built in a thread on its own connection: at 10,000 articles it takes a moment the loop should not wait for.
        view = await asyncio.to_thread(_read_view_at, str(self.path))
        self._unsettle()
        self._settle(view)
        self.indexed_version = version

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


def _write_all(tx: Transaction, pieces: list[WritePlan]) -> None:
    while pieces:
        tx.write(pieces.pop(0))


def _read_view_at(path: str) -> StoreView:
    conn = connect(path)
    try:
        return read_view(conn)
    finally:
        conn.close()


def _prepare(path: str) -> None:
    """WAL mode (persistent in the file) and migrations, on a short-lived connection."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    finally:
        conn.close()


__all__ = ["FactStore", "WritePlan", "article_label"]
