"""The writer: replaces and removes articles inside one transaction on its own sqlite3 connection.

Runs in a worker thread, so the event loop keeps serving reads on the store's aiosqlite connection, and
readers see the old facts until COMMIT (WAL), never half a reload.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, TypeVar

from bot import names
from bot.model import ArticleFacts, ProcessedArticle
from bot.store import index
from bot.store.index import article_keys, derived_acronym

# The writer asks for the same few names' keys ~100 times per article (every partner, person and
# leader resolves its organisation); folding a name is most of the write's CPU, so remember the answers.
name_key = lru_cache(maxsize=1 << 16)(names.name_key)
core_key = lru_cache(maxsize=1 << 16)(names.core_key)
entry_keys = lru_cache(maxsize=1 << 16)(index.entry_keys)

T = TypeVar("T")
BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another connection's write lock


@dataclass(slots=True)
class WritePlan:
    """What one reload changes: articles to insert or replace (by file name) and files to remove."""

    upserts: list[ProcessedArticle] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.upserts or self.removals)


def connect(path: str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with the project's pragmas."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def apply_plan(path: str, plan: WritePlan) -> None:
    """Apply the whole plan in one transaction; any error rolls everything back."""
    commit(*stage_plan(path, plan, lambda conn: None))


def stage_plan(path: str, plan: WritePlan, before_commit: Callable[[sqlite3.Connection], T]) -> tuple[sqlite3.Connection, T]:
    """Write the plan inside an open transaction and return the connection (not yet committed) with
    `before_commit(conn)`'s result, so the caller picks the moment of the commit. Errors roll back."""
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        write_plan(conn, plan)
        return conn, before_commit(conn)
    except BaseException:
        rollback(conn)
        raise


class Transaction:
    """One reload's transaction, filled piece by piece while extraction still runs (`stage_plan` in steps).

    `write` adds a piece (removals, then upserts, numbered on from the last one); `stage` finishes like
    `write_plan` and returns the connection uncommitted with `before_commit(conn)`'s result. An error in
    any step rolls the whole transaction back and closes the connection."""

    def __init__(self, path: str, *, wait: bool = True) -> None:
        self.conn = connect(path)
        try:
            if not wait:
                self.conn.execute("PRAGMA busy_timeout = 0")
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            (self.seq,) = self.conn.execute("SELECT coalesce(max(seq), 0) FROM article").fetchone()
        except BaseException:
            rollback(self.conn)
            raise
        self.now = time.time()

    @classmethod
    def begin_if_free(cls, path: str) -> "Transaction | None":
        """A transaction now, or None at once when another connection holds the write lock."""
        try:
            return cls(path, wait=False)
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return None
            raise

    def write(self, plan: WritePlan) -> None:
        try:
            self.seq = _write_piece(self.conn, plan, self.seq, self.now)
        except BaseException:
            rollback(self.conn)
            raise

    def stage(self, before_commit: Callable[[sqlite3.Connection], T]) -> tuple[sqlite3.Connection, T]:
        try:
            remove_orphan_entities(self.conn)
            return self.conn, before_commit(self.conn)
        except BaseException:
            rollback(self.conn)
            raise

    def rollback(self) -> None:
        rollback(self.conn)


def commit(conn: sqlite3.Connection, _: object = None) -> None:
    """Commit a staged plan and close its connection (a failed commit rolls back)."""
    try:
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    conn.close()


def rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


def write_plan(conn: sqlite3.Connection, plan: WritePlan) -> None:
    """The statements of one reload (the caller owns the transaction)."""
    (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM article").fetchone()
    _write_piece(conn, plan, seq, time.time())
    remove_orphan_entities(conn)


def _write_piece(conn: sqlite3.Connection, plan: WritePlan, seq: int, now: float) -> int:
    """Removals, then upserts numbered after `seq`; returns the last number used."""
    for file in plan.removals:
        conn.execute("DELETE FROM article WHERE file = ?", (file,))
    for processed in plan.upserts:
        seq += 1
        insert_article(conn, processed, seq=seq, now=now)
    return seq


def insert_article(conn: sqlite3.Connection, processed: ProcessedArticle, *, seq: int, now: float) -> int:
    """Insert (or replace, keeping its id) one article with all its facts; return the article id."""
    a = processed.article
    old = conn.execute("SELECT id FROM article WHERE file = ?", (a.file,)).fetchone()
    if old:
        conn.execute("DELETE FROM article WHERE id = ?", old)
    cur = conn.execute(
        "INSERT INTO article (id, file, sha256, title, date, topic, location, sources_header, tags, body,"
        " sort_date, ingested_at, seq, keys, loose_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (old[0] if old else None, a.file, a.sha256, a.title, a.date, a.topic, a.location, a.sources_header,
         json.dumps(list(a.tags)), a.body, a.date or "", now, seq, json.dumps(article_keys(a.title, a.file)),
         json.dumps(derived_acronym(a.title or ""))),
    )
    aid = cur.lastrowid
    conn.executemany("INSERT INTO section VALUES (?, ?, ?)", [(aid, i, h) for i, h in enumerate(a.sections)])
    conn.executemany(
        "INSERT INTO sentence (article_id, idx, section, paragraph, text, citations, backing, start)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, s.index, s.section, s.paragraph, s.text, json.dumps(list(s.citations)), json.dumps(list(s.backing)),
          s.start) for s in a.sentences],
    )
    conn.executemany(
        "INSERT INTO source (article_id, n, pos, title, url) VALUES (?, ?, ?, ?, ?)",
        [(aid, s.n, pos, s.title, s.url) for pos, s in enumerate(a.sources)],
    )
    citations: dict[tuple[int, int], int] = {}
    for s in a.sentences:
        for n in s.citations:
            citations[(n, s.index)] = citations.get((n, s.index), 0) + 1
    conn.executemany("INSERT INTO citation VALUES (?, ?, ?, ?)", [(aid, n, i, c) for (n, i), c in citations.items()])
    _insert_facts(conn, aid, processed.facts)
    return aid


def _insert_facts(conn: sqlite3.Connection, aid: int, facts: ArticleFacts) -> None:
    orgs = _OrgResolver(conn)
    for org in facts.organisations:
        orgs.add(org.name, org.aliases)
    conn.executemany(
        "INSERT INTO organisation VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, pos, o.name, json.dumps(list(o.aliases)), o.sentence, orgs.lookup(o.name))
         for pos, o in enumerate(facts.organisations)],
    )
    conn.executemany(
        "INSERT INTO initiative (article_id, pos, name, acronym, led_by, sentence, key, led_by_entity, keys,"
        " loose_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, pos, i.name, i.acronym, i.led_by, i.sentence, name_key(i.name),
          orgs.lookup(i.led_by) if i.led_by else None, json.dumps(initiative_keys_of(i.name, i.acronym)),
          json.dumps(derived_acronym(i.name))) for pos, i in enumerate(facts.initiatives)],
    )
    # A partner may name its initiative by acronym: file it under the initiative's full-name key.
    initiative_keys = {}
    for i in facts.initiatives:
        initiative_keys[name_key(i.name)] = name_key(i.name)
        if i.acronym:
            initiative_keys.setdefault(name_key(i.acronym), name_key(i.name))
    conn.executemany(
        "INSERT INTO partner VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, pos, p.org, p.initiative, p.role, p.sentence,
          initiative_keys.get(name_key(p.initiative), name_key(p.initiative)), orgs.lookup(p.org))
         for pos, p in enumerate(facts.partners)],
    )
    conn.executemany(
        "INSERT INTO person VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, pos, p.name, p.role, p.org, p.sentence, _person(conn, p.name), orgs.lookup(p.org) if p.org else None)
         for pos, p in enumerate(facts.people)],
    )
    conn.executemany(
        "INSERT INTO event VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, pos, e.date, e.when, e.description, e.sentence) for pos, e in enumerate(facts.events)],
    )
    conn.executemany(
        "INSERT INTO domain VALUES (?, ?, ?, ?)", [(aid, pos, d.name, d.sentence) for pos, d in enumerate(facts.domains)]
    )
    conn.executemany("INSERT INTO summary VALUES (?, ?, ?)", [(aid, pos, i) for pos, i in enumerate(facts.summary)])


class _OrgResolver:
    """Maps the names one article uses for an organisation to one cross-article entity id."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.local: dict[str, int] = {}  # name_key / core_key -> entity id, this article only

    def add(self, name: str, aliases: tuple[str, ...] = ()) -> int:
        names = (name, *aliases)
        local = [self.local[k] for n in names for k in (name_key(n), core_key(n)) if k in self.local]
        if local:
            eid = local[0]
            _relabel(self.conn, eid, name)
        else:
            eid = _organisation(self.conn, name, aliases)
        for n in names:
            for key in (name_key(n), core_key(n)):
                if key:
                    self.local.setdefault(key, eid)
        return eid

    def lookup(self, name: str) -> int:
        for key in (name_key(name), core_key(name)):
            if key in self.local:
                return self.local[key]
        return self.add(name)


def initiative_keys_of(name: str, acronym: str | None) -> list[str]:
    """The initiative's full-name key first (it identifies the initiative), then its other keys."""
    return list(dict.fromkeys((name_key(name), *entry_keys(name, acronym))))


def _organisation(conn: sqlite3.Connection, name: str, aliases: tuple[str, ...]) -> int:
    """Find or create the organisation entity for a name and its aliases; record every key."""
    keys = [k for k in dict.fromkeys(core_key(n) for n in (name, *aliases)) if k]
    if not keys:
        keys = [name.strip().lower() or "?"]
    eid = None
    for key in keys:
        row = conn.execute("SELECT entity_id FROM entity_key WHERE kind = 'organisation' AND key = ?", (key,)).fetchone()
        if row:
            eid = row[0]
            break
    if eid is None:
        eid = conn.execute(
            "INSERT INTO entity (kind, key, name) VALUES ('organisation', ?, ?)", (keys[0], name)
        ).lastrowid
    else:
        _relabel(conn, eid, name)
    # name_key forms are recorded too, as lookup keys for the name index; one equals another name's core key
    # only when the names differ by corporate suffixes, i.e. name the same organisation.
    extra = [k for k in entry_keys(name, *aliases) if k not in keys]
    conn.executemany(
        "INSERT OR IGNORE INTO entity_key (kind, key, entity_id) VALUES ('organisation', ?, ?)",
        [(k, eid) for k in keys + extra],
    )
    return eid


def _relabel(conn: sqlite3.Connection, eid: int, name: str) -> None:
    (current,) = conn.execute("SELECT name FROM entity WHERE id = ?", (eid,)).fetchone()
    if _better_label(name, current):
        conn.execute("UPDATE entity SET name = ? WHERE id = ?", (name, eid))


def _better_label(new: str, current: str) -> bool:
    """Prefer a spelled-out name over an acronym, then the shorter of two forms of one core name."""
    def is_acronym(text: str) -> bool:
        return " " not in text.strip() and text.isupper()
    if is_acronym(current) and not is_acronym(new):
        return True
    return core_key(new) == core_key(current) and len(new) < len(current)


def _person(conn: sqlite3.Connection, name: str) -> int:
    key = name_key(name) or name
    row = conn.execute("SELECT entity_id FROM entity_key WHERE kind = 'person' AND key = ?", (key,)).fetchone()
    if row:
        return row[0]
    eid = conn.execute("INSERT INTO entity (kind, key, name) VALUES ('person', ?, ?)", (key, name)).lastrowid
    conn.execute("INSERT INTO entity_key (kind, key, entity_id) VALUES ('person', ?, ?)", (key, eid))
    return eid


def remove_orphan_entities(conn: sqlite3.Connection) -> None:
    """Drop entities no remaining fact refers to (their articles were removed or changed)."""
    conn.execute(
        """DELETE FROM entity WHERE id NOT IN (
               SELECT entity_id FROM organisation UNION SELECT entity_id FROM partner
               UNION SELECT entity_id FROM person UNION SELECT org_entity_id FROM person WHERE org_entity_id IS NOT NULL
               UNION SELECT led_by_entity FROM initiative WHERE led_by_entity IS NOT NULL)"""
    )
