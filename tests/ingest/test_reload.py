"""Reloads against real files, the real spaCy pipeline (in-process thread via `nlp=`) and a real SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from bot import answers
from bot.ingest import IngestError, reload
from bot.store import write as store_write
from tests.ingest.conftest import ROOT, SEED, corpus_article

SEED_NAME = SEED.name
OTHER = "101_carbios_loreal_consortium.txt"


async def _counts(store) -> dict[str, int]:
    tables = ("article", "sentence", "partner", "person", "organisation", "entity", "citation")
    return {t: (await store.fetch_one(f"SELECT count(*) FROM {t}"))[0] for t in tables}


async def test_first_reload_adds_every_article(store, seeds, settings, nlp):
    report = await reload(store, seeds, settings, nlp=nlp)
    assert report.added == [SEED_NAME, OTHER]
    assert report.processed == [SEED_NAME, OTHER]
    assert (report.changed, report.removed, report.rejected, report.exit_code) == ([], [], [], 0)
    assert (await store.fetch_one("SELECT count(*) FROM partner"))[0] > 6


async def test_reloading_unchanged_files_changes_nothing(store, seeds, settings, nlp):
    await reload(store, seeds, settings, nlp=nlp)
    counts, version = await _counts(store), await store.data_version()
    report = await reload(store, seeds, settings, nlp=nlp)
    assert report.nothing_changed and report.unchanged == [SEED_NAME, OTHER] and report.processed == []
    assert await store.data_version() == version  # no other connection committed anything
    assert await _counts(store) == counts


async def test_editing_one_file_reprocesses_only_that_file(store, seeds, settings, nlp):
    await reload(store, seeds, settings, nlp=nlp)
    text = SEED.read_text(encoding="utf-8").replace(
        "These batteries, designed in Asia,", "These batteries, designed in Zanzibar,")
    (seeds / SEED_NAME).write_text(text, encoding="utf-8")
    (seeds / OTHER).write_bytes(corpus_article().read_bytes())  # rewritten with the same bytes: unchanged
    report = await reload(store, seeds, settings, nlp=nlp)
    assert report.changed == [SEED_NAME] and report.processed == [SEED_NAME]
    assert report.unchanged == [OTHER] and report.added == [] and report.removed == []
    assert (await answers.search(store, "Zanzibar")).lines
    assert not (await answers.search(store, "designed in Asia")).lines


async def test_a_removed_file_loses_its_facts(store, seeds, settings, nlp):
    await reload(store, seeds, settings, nlp=nlp)
    assert (await answers.search(store, "Carbios")).lines
    (seeds / OTHER).unlink()
    report = await reload(store, seeds, settings, nlp=nlp)
    assert report.removed == [OTHER] and report.unchanged == [SEED_NAME]
    assert not (await answers.search(store, "Carbios")).lines
    assert not store.index.find("name", "Carbios")
    assert [r[0] for r in await store.fetch("SELECT file FROM article")] == [SEED_NAME]


async def test_bad_files_are_rejected_with_reasons_and_the_rest_ingested(store, seeds, settings, nlp):
    (seeds / OTHER).unlink()
    (seeds / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "latin1.txt").write_bytes("Caf\xe9 news\n\nA sentence here.".encode("latin-1"))
    (seeds / "huge.txt").write_bytes(b"A sentence. " * 2_000)  # 24,000 bytes
    small = settings.model_copy(update={"factbot_max_file_bytes": 20_000})
    report = await reload(store, seeds, small, nlp=nlp)
    reasons = dict(report.rejected)
    assert report.added == [SEED_NAME]
    assert set(reasons) == {"photo.png", "empty.txt", "latin1.txt", "huge.txt"}
    assert "binary" in reasons["photo.png"] and "empty" in reasons["empty.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "too large" in reasons["huge.txt"]
    assert report.exit_code == 1


async def test_a_failing_write_keeps_the_previous_facts(store, seeds, settings, nlp, monkeypatch):
    await reload(store, seeds, settings, nlp=nlp)
    counts = await _counts(store)
    (seeds / OTHER).unlink()
    (seeds / SEED_NAME).write_text(SEED.read_text(encoding="utf-8").replace("Asia", "Zanzibar"), encoding="utf-8")
    real = store_write.insert_article

    def explode_midway(conn, processed, **kw):
        real(conn, processed, **kw)  # the old version is already deleted and the new one written...
        raise sqlite3.OperationalError("disk I/O error")  # ...when the writer dies

    monkeypatch.setattr(store_write, "insert_article", explode_midway)
    with pytest.raises(IngestError, match="previous facts are kept"):
        await reload(store, seeds, settings, nlp=nlp)
    assert await _counts(store) == counts
    assert (await answers.search(store, "Carbios")).lines and not (await answers.search(store, "Zanzibar")).lines
    monkeypatch.undo()
    report = await reload(store, seeds, settings, nlp=nlp)  # and the next reload still sees both changes
    assert report.changed == [SEED_NAME] and report.removed == [OTHER]


async def test_readers_see_the_old_facts_until_the_reload_commits(store, seeds, settings, nlp, monkeypatch):
    await reload(store, seeds, settings, nlp=nlp)
    (seeds / OTHER).unlink()
    seen_inside: list[int] = []
    real = store_write.remove_orphan_entities  # the writer's last statement before the commit

    def write_then_look(conn):
        real(conn)
        reader = sqlite3.connect(settings.factbot_db)  # another connection, while the writer has not committed
        seen_inside.append(reader.execute("SELECT count(*) FROM article").fetchone()[0])
        reader.close()

    monkeypatch.setattr(store_write, "remove_orphan_entities", write_then_look)
    await reload(store, seeds, settings, nlp=nlp)
    assert seen_inside == [2]
    assert (await store.fetch_one("SELECT count(*) FROM article"))[0] == 1


async def test_paths_ingest_only_those_files_and_remove_nothing(store, seeds, settings, nlp, tmp_path):
    await reload(store, seeds, settings, nlp=nlp, paths=[seeds / SEED_NAME])
    assert [r[0] for r in await store.fetch("SELECT file FROM article")] == [SEED_NAME]
    report = await reload(store, seeds, settings, nlp=nlp, paths=[seeds / OTHER, tmp_path / "missing.txt"])
    assert report.added == [OTHER] and report.removed == []
    assert report.rejected == [("missing.txt", "file not found")]
    assert (await store.fetch_one("SELECT count(*) FROM article"))[0] == 2


def test_unchanged_reload_never_imports_spacy(tmp_path, seeds):
    """A no-op reload in a fresh interpreter: nothing goes to extraction, spaCy is never imported, no worker
    starts; nor for a stray file that is new but no article (it is only rejected)."""
    script = textwrap.dedent(f"""
        import asyncio, concurrent.futures, sys
        from pathlib import Path
        from bot.ingest import reload
        from bot.settings import Settings
        from bot.store import FactStore, WritePlan
        from bot.parse import parse_file
        from bot.model import ProcessedArticle

        pools = []
        real_pool = concurrent.futures.ProcessPoolExecutor.__init__
        def counted_pool(pool, *a, **k):
            pools.append(1)
            return real_pool(pool, *a, **k)
        concurrent.futures.ProcessPoolExecutor.__init__ = counted_pool

        async def main():
            settings = Settings(_env_file=None, factbot_db=Path({str(tmp_path / 'x.db')!r}))
            seeds = Path({str(seeds)!r})
            async with await FactStore.open(settings.factbot_db) as store:
                # stored as if ingested before (facts do not matter here)
                await store.apply(WritePlan([ProcessedArticle(parse_file(p)) for p in sorted(seeds.iterdir())]))
                (seeds / "photo.png").write_bytes(bytes(range(256)))
                report = await reload(store, seeds, settings)
            print(len(report.unchanged), report.processed, [f for f, _ in report.rejected], "spacy" in sys.modules,
                  len(pools))

        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "[]", "['photo.png']", "False", "0"]
