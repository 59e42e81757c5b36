import sqlite3

from bot.store import FactStore
from bot.store.schema import MIGRATIONS


async def test_migrations_apply_once_and_are_recorded(tmp_path):
    path = tmp_path / "nested" / "facts.db"  # the parent folder does not exist yet
    async with await FactStore.open(path):
        pass
    async with await FactStore.open(path) as store:  # reopening applies nothing twice
        rows = await store.fetch("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [v for v, _, _ in MIGRATIONS]
    assert len({r["version"] for r in rows}) == len(rows)


async def test_connection_pragmas(store):
    assert (await store.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    assert (await store.fetch_one("PRAGMA foreign_keys"))[0] == 1
    assert (await store.fetch_one("PRAGMA busy_timeout"))[0] > 0


def _full_scans(conn, sql, params):
    steps = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    return [step for step in steps if step.startswith("SCAN") and "INDEX" not in step]


async def test_command_lookups_use_indexes(filled):
    """The per-command queries search by index; none scans a fact table."""
    conn = sqlite3.connect(filled.path)
    lookups = [
        ("SELECT * FROM partner WHERE initiative_key = ?", ("x",)),
        ("SELECT * FROM partner WHERE entity_id = ?", (1,)),
        ("SELECT * FROM person WHERE org_entity_id = ?", (1,)),
        ("SELECT * FROM initiative WHERE led_by_entity = ?", (1,)),
        ("SELECT * FROM organisation WHERE entity_id = ?", (1,)),
        ("SELECT * FROM sentence WHERE article_id = ? AND idx = ?", (1, 1)),
        ("SELECT * FROM citation WHERE article_id = ?", (1,)),
        ("SELECT id FROM article ORDER BY sort_date DESC, seq DESC LIMIT 1", ()),
        ("SELECT * FROM entity_key WHERE kind = 'organisation' AND key = ?", ("mit",)),
    ]
    for sql, params in lookups:
        assert _full_scans(conn, sql, params) == [], sql
    conn.close()
