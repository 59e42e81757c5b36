"""What the serving process keeps in memory about the database: the name index and the counts.

Read on a plain sqlite3 connection so the writer can build the next view inside its own transaction,
before it commits, and the store can swap old view for new at the moment the commit lands.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterator

from bot.store.index import NameIndex, build_index


@dataclass(slots=True)
class StoreView:
    index: NameIndex = field(default_factory=NameIndex)
    counts: dict[str, Any] = field(default_factory=dict)


def read_view(conn: sqlite3.Connection) -> StoreView:
    """Build the name index and counts from what `conn` sees (its open transaction included)."""
    conn.row_factory = sqlite3.Row
    # Cursors, not lists: the index consumes one row at a time, so the build never holds every row at once
    # (at 10,000 articles the rows alone would be ~30 MB at the serving process's peak). Each kind comes in
    # rank order (most recent article, most named initiative or entity first; ties by key).
    articles = _rows(conn, "SELECT id, file, title, date, keys, loose_keys FROM article ORDER BY sort_date DESC, seq DESC")
    initiatives = _rows(
        conn,
        "SELECT key, max(name) AS name, max(acronym) AS acronym, max(keys) AS keys, max(loose_keys) AS loose_keys,"
        " count(DISTINCT article_id) AS articles FROM initiative GROUP BY key ORDER BY articles DESC, key")
    entities = _rows(
        conn,
        """SELECT e.id, e.kind, e.key, e.name, (SELECT group_concat(k.key, char(31)) FROM entity_key k
                                                WHERE k.entity_id = e.id) AS keys,
                  (SELECT count(DISTINCT article_id) FROM organisation o WHERE o.entity_id = e.id)
                + (SELECT count(DISTINCT article_id) FROM person p WHERE p.entity_id = e.id) AS articles
           FROM entity e ORDER BY e.kind, articles DESC, e.key""")
    index = build_index(articles, initiatives, entities)
    row = conn.execute(
        """SELECT (SELECT count(*) FROM article) AS articles, (SELECT count(*) FROM sentence) AS sentences,
                  (SELECT count(*) FROM source) AS listed_sources,
                  (SELECT count(DISTINCT article_id || '/' || n) FROM citation) AS cited_sources,
                  (SELECT count(DISTINCT key) FROM initiative) AS initiatives,
                  (SELECT count(*) FROM partner) AS partnerships,
                  (SELECT count(*) FROM entity WHERE kind = 'organisation') AS organisations,
                  (SELECT count(*) FROM entity WHERE kind = 'person') AS people,
                  (SELECT count(DISTINCT name) FROM domain) AS domains,
                  (SELECT max(ingested_at) FROM article) AS last_ingest"""
    ).fetchone()
    return StoreView(index, {key: row[key] for key in row.keys()})


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[sqlite3.Row]:
    """The rows of `sql`, fetched as they are consumed (the statement runs at the first one)."""
    yield from conn.execute(sql)
