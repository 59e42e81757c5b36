"""Hostile article files: each one is ingested or rejected with a reason, nothing crashes, the seed's facts stay."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from bot import answers
from bot.ingest.scan import scan
from bot.render.text import to_text
from bot.store import FactStore
from tests.hardening.hostile import FTS_TEXT, HUGE_BYTES, SHARED_TITLE, SQL_TEXT, write_hostile_corpus
from tests.hardening.serving import SEED, copy_seed, ingest_folder, settings_for

INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


@pytest.fixture(scope="module")
async def hostile(tmp_path_factory, nlp):
    """The seed ingested first, then the hostile corpus added to the same folder and reloaded."""
    settings = settings_for(tmp_path_factory.mktemp("hostile"))
    copy_seed(settings.factbot_seeds)
    first = await ingest_folder(settings, nlp)
    async with await FactStore.open(settings.factbot_db) as store:
        seed_before = [to_text(await ask(store, article=SEED.name))
                       for ask in (answers.partners, answers.people, answers.sources, answers.summary)]
    expected = write_hostile_corpus(settings.factbot_seeds)
    report = await ingest_folder(settings, nlp)
    return settings, expected, first, report, seed_before


async def test_every_hostile_file_is_ingested_or_rejected_with_its_reason(hostile):
    _, expected, first, report, _ = hostile
    assert first.added == [SEED.name]
    rejected = dict(report.rejected)
    for name, expectation in expected.items():
        if expectation.outcome == "ingested":
            assert name in report.added, f"{name} ({expectation.why}) was not ingested: {rejected.get(name)}"
        else:
            assert name in rejected, f"{name} ({expectation.why}) was not rejected"
            assert expectation.reason.lower() in rejected[name].lower(), (name, rejected[name])
    # Every file is accounted for exactly once, and the report (what /admin reload shows) says why.
    assert sorted(report.added + list(rejected) + report.unchanged) == sorted([*expected, SEED.name])
    assert report.unchanged == [SEED.name] and not report.removed
    text = to_text(answers.report(report))
    assert all(f"{name} — {reason}" in text for name, reason in report.rejected)


async def test_the_seed_answers_are_unchanged_after_the_hostile_reload(hostile):
    settings, _, _, _, seed_before = hostile
    async with await FactStore.open(settings.factbot_db) as store:
        after = [to_text(await ask(store, article=SEED.name))
                 for ask in (answers.partners, answers.people, answers.sources, answers.summary)]
        tables = {r[0] for r in await store.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")}
        [integrity] = await store.fetch("PRAGMA integrity_check")
    assert after == seed_before
    assert "Initiative for New Manufacturing" in after[0]  # the facts are really there, not an empty answer
    assert {"article", "sentence", "partner", "source"} <= tables and integrity[0] == "ok"


async def test_sql_and_fts5_syntax_in_articles_is_stored_and_searched_as_plain_text(hostile):
    settings = hostile[0]
    async with await FactStore.open(settings.factbot_db) as store:
        rows = await store.fetch("SELECT text FROM sentence")
        texts = {r[0] for r in rows}
        assert SQL_TEXT.replace(" [1]", "") in texts and FTS_TEXT.replace(" [1]", "") in texts
        for query in ("DROP TABLE articles", '"quote OR NEAR(', "star* AND NOT", "NEAR(", "*", '"', "^col:"):
            answer = await answers.search(store, query)  # never an FTS5 syntax error
            if any(ch.isalpha() for ch in query.replace("NEAR", "").replace("AND", "").replace("NOT", "")):
                assert any("h13_sql_fts.txt" in (line.group or "") for line in answer.lines), query
        title = await answers.partners(store, article="h13_sql_fts.txt")
        assert "DROP TABLE article; --" in title.title


async def test_duplicate_titles_stay_two_articles_each_reachable_by_file(hostile):
    settings = hostile[0]
    async with await FactStore.open(settings.factbot_db) as store:
        listed = to_text(await answers.articles(store))
        a = await answers.sources(store, article="h09_duplicate_title_a.txt")
        b = await answers.sources(store, article="h10_duplicate_title_b.txt")
        by_title = await answers.summary(store, article=SHARED_TITLE)  # ambiguous: answers one of the two
    assert "h09_duplicate_title_a.txt" in listed and "h10_duplicate_title_b.txt" in listed
    assert a.extra["markers"] == "3" and b.extra["markers"] == "4"  # each answer is about its own file
    assert by_title.data["article"]["file"] in ("h09_duplicate_title_a.txt", "h10_duplicate_title_b.txt")


async def test_a_citation_to_an_unlisted_source_is_kept_and_marked(hostile):
    settings = hostile[0]
    async with await FactStore.open(settings.factbot_db) as store:
        answer = await answers.sources(store, article="h08_unlisted_source.txt")
    assert [s["n"] for s in answer.data["sources"]] == [1, 7]
    assert "Source 7: cited in 1 sentence; no title or link given" in to_text(answer)


async def test_stored_names_carry_no_invisible_or_direction_characters(hostile):
    settings = hostile[0]
    async with await FactStore.open(settings.factbot_db) as store:
        names = [r[0] for r in await store.fetch(
            "SELECT name FROM entity UNION ALL SELECT name FROM initiative UNION ALL SELECT org FROM partner"
            " UNION ALL SELECT name FROM person UNION ALL SELECT title FROM article WHERE title IS NOT NULL")]
    assert names and not [n for n in names if INVISIBLE.search(n)]


def test_an_oversized_file_is_rejected_from_its_size_without_being_read(tmp_path: Path):
    expected = write_hostile_corpus(tmp_path)
    huge = tmp_path / "h03_huge.txt"
    assert huge.stat().st_size > HUGE_BYTES and expected[huge.name].outcome == "rejected"
    tracemalloc.start()
    try:
        found = scan([huge], {}, settings_for(tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [name for name, _ in found.rejected] == [huge.name]
    assert peak < 1_000_000  # reading the file (or hashing it in one go) would allocate 50 MB


@pytest.mark.parametrize(("setting", "value", "reason"), [
    ("factbot_max_file_bytes", 500, "too large"),
    ("factbot_max_citations", 2, "too many citation markers"),
    ("factbot_max_sentences", 2, "too many sentences"),
])
def test_the_limits_are_settings_that_ingest_enforces(tmp_path: Path, setting: str, value: int, reason: str):
    article = tmp_path / SEED.name
    article.write_bytes(SEED.read_bytes())
    assert not scan([article], {}, settings_for(tmp_path)).rejected  # within the defaults
    [(name, why)] = scan([article], {}, settings_for(tmp_path, **{setting: value})).rejected
    assert name == SEED.name and reason in why
