import sqlite3

import pytest

from bot.store import FactStore, WritePlan
from bot.store import write as store_write
from tests.store.seed_facts import FOUNDERS, other_article, seed_processed


async def test_processed_article_round_trips_exactly(filled):
    by_file = {}
    for article_id in await filled.article_ids():
        loaded = await filled.load_processed(article_id)
        by_file[loaded.article.file] = loaded
    assert by_file["000_cd5db82c5d4ec0f6.txt"] == seed_processed()
    assert by_file["200_other.txt"] == other_article()


async def test_round_trip_survives_reopening(filled):
    path = filled.path
    await filled.close()
    async with await FactStore.open(path) as again:
        ids = await again.article_ids()
        assert {(await again.load_processed(i)).article.file for i in ids} == {"000_cd5db82c5d4ec0f6.txt", "200_other.txt"}


async def test_same_organisation_under_other_names_is_one_entity(filled):
    rows = await filled.fetch("SELECT name FROM entity WHERE kind = 'organisation' ORDER BY name")
    names = [r["name"] for r in rows]
    # "Flextronics International USA" / "Flextronics" / "Flextronics Inc."; "MIT" / its expansion; "Siemens AG" / "Siemens"
    assert names.count("Flextronics") == 1 and not any(n.startswith("Flextronics ") for n in names)
    assert "Massachusetts Institute of Technology" in names and "MIT" not in names
    assert sorted(names) == sorted({"Massachusetts Institute of Technology", *FOUNDERS})


async def test_replacing_an_article_keeps_its_id_and_drops_old_facts(filled):
    before = {(await filled.load_processed(i)).article.file: i for i in await filled.article_ids()}
    edited = other_article(extra=" A later sentence.")
    await filled.apply(WritePlan(upserts=[edited]))
    after = {(await filled.load_processed(i)).article.file: i for i in await filled.article_ids()}
    assert after == before
    assert await filled.load_processed(after["200_other.txt"]) == edited
    assert (await filled.fetch_one("SELECT count(*) FROM partner"))[0] == len(FOUNDERS) + 3


async def test_removing_an_article_removes_its_facts_text_and_orphan_entities(filled):
    await filled.apply(WritePlan(removals=["200_other.txt"]))
    assert [r[0] for r in await filled.fetch("SELECT file FROM article")] == ["000_cd5db82c5d4ec0f6.txt"]
    assert await filled.fetch("SELECT * FROM sentence_fts WHERE sentence_fts MATCH 'robotics'") == []
    assert await filled.fetch("SELECT * FROM entity WHERE kind = 'person' AND name = 'Jörg Müller'") == []
    assert filled.index.find("name", "Jörg Müller") == []


async def test_failing_write_rolls_back_everything(filled, monkeypatch):
    before = (await filled.fetch_one("SELECT count(*) FROM article"))[0], filled.counts

    def broken(conn, aid, facts):
        raise sqlite3.OperationalError("disk exploded")

    monkeypatch.setattr(store_write, "_insert_facts", broken)
    with pytest.raises(sqlite3.OperationalError):
        await filled.apply(WritePlan(upserts=[other_article("300_new.txt")], removals=["200_other.txt"]))
    assert (await filled.fetch_one("SELECT count(*) FROM article"))[0] == before[0]
    assert {r[0] for r in await filled.fetch("SELECT file FROM article")} == {"000_cd5db82c5d4ec0f6.txt", "200_other.txt"}
    assert filled.counts == before[1]


async def test_changes_committed_by_another_process_show_after_an_empty_apply(filled):
    """A reload that writes nothing still picks up what another process (e.g. `factbot ingest`) committed."""
    async with await FactStore.open(filled.path) as other:
        await other.apply(WritePlan(upserts=[other_article("300_third.txt", title="A third article on batteries")]))
    assert not filled.index.find("article", "300_third.txt")
    await filled.apply(WritePlan())
    assert filled.index.find("article", "300_third.txt")
    assert filled.counts["articles"] == 3
