"""Numbered schema migrations; each runs once, in its own transaction, and is recorded in `schema_migrations`."""

from __future__ import annotations

import sqlite3
import time

# Each entry is (version, name, SQL). Append new migrations; never edit an applied one.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "articles, sentences, sources and facts",
        """
        CREATE TABLE article (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            title TEXT,
            date TEXT,
            topic TEXT,
            location TEXT,
            sources_header TEXT,
            tags TEXT NOT NULL,              -- JSON list
            body TEXT NOT NULL,
            sort_date TEXT NOT NULL,         -- date or '' so "most recent" is one index walk
            ingested_at REAL NOT NULL,
            seq INTEGER NOT NULL             -- ingest order, breaks date ties
        );
        CREATE INDEX article_recent ON article (sort_date DESC, seq DESC);

        CREATE TABLE section (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            heading TEXT,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE sentence (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            section INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            text TEXT NOT NULL,
            citations TEXT NOT NULL,         -- JSON list, markers in order
            backing TEXT NOT NULL,           -- JSON list of source numbers
            start INTEGER NOT NULL,
            UNIQUE (article_id, idx)
        );

        CREATE TABLE source (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            pos INTEGER NOT NULL,            -- position in the source list
            title TEXT,
            url TEXT,
            PRIMARY KEY (article_id, n)
        ) WITHOUT ROWID;

        -- One row per (sentence, source number) it cites, with the marker count: "how many sentences cite [n]".
        CREATE TABLE citation (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            sentence INTEGER NOT NULL,
            markers INTEGER NOT NULL,
            PRIMARY KEY (article_id, n, sentence)
        ) WITHOUT ROWID;

        -- Organisations and people across articles; `entity_key` maps every known key (core name, acronym) to one.
        CREATE TABLE entity (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('organisation', 'person')),
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE (kind, key)
        );
        CREATE TABLE entity_key (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE INDEX entity_key_entity ON entity_key (entity_id);

        CREATE TABLE organisation (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL,           -- JSON list
            sentence INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entity (id),
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE INDEX organisation_entity ON organisation (entity_id, article_id);

        CREATE TABLE initiative (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            name TEXT NOT NULL,
            acronym TEXT,
            led_by TEXT,
            sentence INTEGER NOT NULL,
            key TEXT NOT NULL,               -- name_key(name): the same initiative across articles
            led_by_entity INTEGER REFERENCES entity (id),
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE INDEX initiative_key ON initiative (key, article_id);
        CREATE INDEX initiative_leader ON initiative (led_by_entity, article_id);

        CREATE TABLE partner (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            org TEXT NOT NULL,
            initiative TEXT NOT NULL,
            role TEXT NOT NULL,
            sentence INTEGER NOT NULL,
            initiative_key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entity (id),
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE INDEX partner_initiative ON partner (initiative_key, article_id);
        CREATE INDEX partner_entity ON partner (entity_id, article_id);

        CREATE TABLE person (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT,
            org TEXT,
            sentence INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entity (id),
            org_entity_id INTEGER REFERENCES entity (id),
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE INDEX person_entity ON person (entity_id, article_id);
        CREATE INDEX person_org_entity ON person (org_entity_id, article_id);

        CREATE TABLE event (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            date TEXT,
            when_text TEXT NOT NULL,
            description TEXT NOT NULL,
            sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;

        CREATE TABLE domain (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            name TEXT NOT NULL,
            sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE INDEX domain_name ON domain (name);

        CREATE TABLE summary (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        """,
    ),
    (
        2,
        "full-text search over sentences",
        """
        CREATE VIRTUAL TABLE sentence_fts USING fts5 (
            text, content = 'sentence', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER sentence_fts_insert AFTER INSERT ON sentence BEGIN
            INSERT INTO sentence_fts (rowid, text) VALUES (new.id, new.text);
        END;
        -- Fires for ON DELETE CASCADE from article too, so the index never keeps removed text.
        CREATE TRIGGER sentence_fts_delete AFTER DELETE ON sentence BEGIN
            INSERT INTO sentence_fts (sentence_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        INSERT INTO sentence_fts (sentence_fts) VALUES ('rebuild');
        """,
    ),
    (
        3,
        "name keys computed by the writer",
        # Folding names is slow in Python; the writer stores the keys so rebuilding the name index is a read.
        # Rows written before this migration have '[]' and get their keys computed when the index is built.
        """
        ALTER TABLE article ADD COLUMN keys TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE article ADD COLUMN loose_keys TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE initiative ADD COLUMN keys TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE initiative ADD COLUMN loose_keys TEXT NOT NULL DEFAULT '[]';
        """,
    ),
)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations `conn` has not seen yet; return the versions applied now."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at REAL NOT NULL)"
    )
    applied_now: list[int] = []
    for version, name, sql in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the write lock: another process may have applied it meanwhile.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, time.time()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied_now.append(version)
    return applied_now


def _statements(sql: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
