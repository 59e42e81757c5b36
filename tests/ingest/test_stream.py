"""A reload writes each chunk of results into its open transaction as it arrives, and still commits all or nothing."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest

from bot import answers
from bot.ingest import IngestError, reload
from bot.ingest import workers
from bot.ingest.workers import BATCH_SIZE, MIN_CHUNK, chunk_sizes
from bot.store import write as store_write
from tests.ingest.conftest import SEED

COPIES = 17  # with the two seeds: 19 articles, three chunks for one in-process worker


def _add_copies(seeds, count: int = COPIES) -> list[str]:
    names = [f"copy_{i:02d}.txt" for i in range(count)]
    for name in names:
        shutil.copy(SEED, seeds / name)
    return names


async def _articles(store) -> int:
    return (await store.fetch_one("SELECT count(*) FROM article"))[0]


async def test_chunks_are_written_while_later_chunks_are_still_in_spacy(store, seeds, settings, nlp, monkeypatch):
    _add_copies(seeds)
    assert len(chunk_sizes(COPIES + 2, 1)) >= 3
    first_write = threading.Event()
    real_write, real_chunk = store_write.Transaction.write, workers.extract_chunk
    calls: list[int] = []

    def write(tx, plan):
        real_write(tx, plan)
        if plan.upserts:
            first_write.set()

    def extract_chunk(nlp_, articles):
        calls.append(len(articles))
        if len(calls) == 3:  # the last chunk starts only once the first one is in the transaction
            calls.append(first_write.wait(timeout=60))
        return real_chunk(nlp_, articles)

    monkeypatch.setattr(store_write.Transaction, "write", write)
    monkeypatch.setattr(workers, "extract_chunk", extract_chunk)
    report = await reload(store, seeds, settings, nlp=nlp)
    assert calls[3] is True, "the first chunk was not written before the last one was extracted"
    assert len(report.added) == COPIES + 2 and await _articles(store) == COPIES + 2


async def test_a_reload_that_fails_after_some_chunks_were_written_keeps_the_previous_facts(store, seeds, settings, nlp,
                                                                                         monkeypatch):
    await reload(store, seeds, settings, nlp=nlp)
    before = await _articles(store)
    names = _add_copies(seeds)
    (seeds / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("Asia", "Zanzibar"), encoding="utf-8")
    real_write, real_chunk = store_write.Transaction.write, workers.extract_chunk
    written: list[int] = []
    calls: list[int] = []

    def write(tx, plan):
        real_write(tx, plan)
        written.append(len(plan.upserts))

    def extract_chunk(nlp_, articles):
        calls.append(len(articles))
        if len(calls) == 2:
            raise MemoryError("worker ran out of memory")  # not one bad article: the whole reload fails
        return real_chunk(nlp_, articles)

    monkeypatch.setattr(store_write.Transaction, "write", write)
    monkeypatch.setattr(workers, "extract_chunk", extract_chunk)
    with pytest.raises(IngestError, match="previous facts are kept"):
        await reload(store, seeds, settings, nlp=nlp)
    assert max(written) > 0, "a chunk was already in the transaction when the reload failed"
    assert await _articles(store) == before
    assert not (await answers.search(store, "Zanzibar")).lines
    monkeypatch.undo()
    report = await reload(store, seeds, settings, nlp=nlp)  # the lock is free and nothing half-done is left
    assert sorted(report.added) == names and report.changed == [SEED.name]
    assert (await answers.search(store, "Zanzibar")).lines


async def test_a_reload_while_another_process_writes_waits_for_it_instead_of_failing(store, seeds, settings, nlp):
    _add_copies(seeds)
    other = sqlite3.connect(settings.factbot_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. `factbot ingest` in another process, in its write

    def release_after_the_last_chunk(done: int, total: int) -> None:
        if done == total:
            other.execute("ROLLBACK")

    try:
        report = await reload(store, seeds, settings, nlp=nlp, progress=release_after_the_last_chunk)
    finally:
        other.close()
    assert len(report.added) == COPIES + 2 and await _articles(store) == COPIES + 2


def test_chunks_shrink_at_the_tail():
    sizes = chunk_sizes(500, 2)
    assert sum(sizes) == 500 and sizes[0] == BATCH_SIZE
    assert sizes == sorted(sizes, reverse=True)  # the workers pull the next chunk: the last ones are small
    assert max(sizes[-3:]) <= MIN_CHUNK
    assert chunk_sizes(3, 2) == [2, 1] and chunk_sizes(1, 2) == [1] and chunk_sizes(0, 2) == []
    assert len(chunk_sizes(10, 2)) == 2  # a few articles: one chunk per worker
