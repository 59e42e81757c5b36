"""The shared answers: the seed article through the real pipeline, and hand-built facts across two articles."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import pytest_asyncio

from bot import answers
from bot.ingest import IngestReport, reload
from bot.model import Organisation, Partner
from bot.render.answer import NotFound
from bot.settings import Settings
from bot.store import FactStore, WritePlan
from tests.store.seed_facts import FOUNDERS, SEED, other_article, seed_processed


@pytest_asyncio.fixture(scope="module")
async def seed_store(tmp_path_factory, nlp):
    """Only the seed article, ingested with the real extractor."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, root)
    settings = Settings(_env_file=None, factbot_db=root / "facts.db", factbot_seeds=root)
    async with await FactStore.open(settings.factbot_db) as store:
        await reload(store, root, settings, nlp=nlp)
        yield store


@pytest_asyncio.fixture(scope="module")
async def two_articles(tmp_path_factory):
    """The seed and a later article naming MIT, Siemens and Flextronics in other forms (hand-built facts)."""
    async with await FactStore.open(tmp_path_factory.mktemp("two") / "facts.db") as store:
        await store.apply(WritePlan(upserts=[seed_processed(), other_article()]))
        yield store


# ---- the seed, as a user sees it ----

async def test_seed_partners_are_the_six_founding_members_with_source_1(seed_store):
    answer = await answers.partners(seed_store)
    # alphabetical within the group, not the extraction order (which names Flextronics first)
    assert [line.text.split(" — ")[0] for line in answer.lines] == sorted(FOUNDERS)
    assert {line.group for line in answer.lines} == {"Founding members"}
    assert all(line.text.endswith("— founding member") and line.sources == (1,) for line in answer.lines)
    assert "Initiative for New Manufacturing (INM)" in answer.intro
    assert answer.provenance == "Article: MIT Initiative to Innovate U.S. Manufacturing (000_cd5db82c5d4ec0f6.txt, 2025-05-28)"
    by_acronym = await answers.partners(seed_store, initiative="INM")
    assert by_acronym.title == "Partners of Initiative for New Manufacturing (INM)"
    assert [line.render() for line in by_acronym.lines] == [line.render() for line in answer.lines]


async def test_seed_sources_count_citing_sentences_and_say_there_are_no_links(seed_store):
    answer = await answers.sources(seed_store)
    assert [line.sources for line in answer.lines] == [(1,), (2,)]
    assert "cited in 6 sentences" in answer.lines[0].text and "cited in 2 sentences" in answer.lines[1].text
    assert "gives no links" in answer.intro and "Bronnen" in answer.intro
    assert [(s["n"], s["sentences"], s["url"]) for s in answer.data["sources"]] == [(1, 6, None), (2, 2, None)]


async def test_seed_summary_gives_three_sourced_sentences(seed_store):
    answer = await answers.summary(seed_store)
    assert len(answer.lines) == 3
    assert any("Initiative for New Manufacturing" in line.text for line in answer.lines)
    assert len(set(line.text for line in answer.lines)) == 3
    assert len((await answers.summary(seed_store, sentences=1)).lines) == 1


async def test_seed_people(seed_store):
    answer = await answers.people(seed_store)
    assert [line.text for line in answer.lines] == ["Sally A. Kornbluth — President, Massachusetts Institute of Technology"]
    assert answer.lines[0].sources == (1,)


# ---- across articles ----

async def test_without_an_article_commands_answer_about_the_most_recent(two_articles):
    assert (await answers.summary(two_articles)).title == "Summary: Siemens and MIT open a robotics lab"
    listed = await answers.articles(two_articles)
    assert [row["file"] for row in listed.data] == ["200_other.txt", "000_cd5db82c5d4ec0f6.txt"]


@pytest.mark.parametrize("ref", ["000_cd5db82c5d4ec0f6.txt", "000_cd5db82c5d4ec0f6", "mit initiative to innovate",
                                 "MIT Initiative to Innovate U.S. Manufacturing"])
async def test_article_by_file_name_or_loose_title(two_articles, ref):
    answer = await answers.sources(two_articles, article=ref)
    assert answer.title == "Sources: MIT Initiative to Innovate U.S. Manufacturing"


async def test_article_by_id(two_articles):
    seed_id = (await two_articles.fetch_one("SELECT id FROM article WHERE file = ?", (SEED.name,)))[0]
    assert (await answers.people(two_articles, article=str(seed_id))).lines[0].text.startswith("Sally A. Kornbluth")


async def test_about_merges_names_across_articles_without_duplicates(two_articles):
    answer = await answers.about(two_articles, "flextronics international usa")
    assert answer.title == "About Flextronics"
    texts = [(line.group.split(" (")[0], line.text) for line in answer.lines]
    assert texts == [("Siemens and MIT open a robotics lab", "member of Robotics Factory Lab"),
                     ("MIT Initiative to Innovate U.S. Manufacturing", "founding member of Initiative for New Manufacturing")]
    mit = await answers.about(two_articles, "MIT")
    assert mit.title == "About Massachusetts Institute of Technology"
    assert "leads Initiative for New Manufacturing (INM)" in [line.text for line in mit.lines]
    assert "founding member of Robotics Factory Lab" in [line.text for line in mit.lines]
    assert "Organisation named in 2 articles." == mit.intro


async def test_about_a_person_and_an_initiative(two_articles):
    person = await answers.about(two_articles, "jorg muller")
    assert [line.text for line in person.lines] == ["head of research, Siemens"]
    initiative = await answers.about(two_articles, "inm")
    assert initiative.title == "Partners of Initiative for New Manufacturing (INM)"


async def test_partners_list_each_organisation_once_per_initiative(two_articles):
    lab = await answers.partners(two_articles, initiative="Robotics Factory Lab")
    assert [line.text for line in lab.lines] == ["MIT — founding member", "Siemens AG — founding member",
                                                 "Flextronics Inc. — member"]
    assert [line.group for line in lab.lines] == ["Founding members", "Founding members", "Members"]


async def test_partners_are_alphabetical_within_a_role_ignoring_case_and_accents(tmp_path):
    lab = "Robotics Factory Lab"
    base = other_article()
    orgs = ("Zeiss", "École Polytechnique", "abb Robotics", "Bosch", "Ecole Centrale", "MIT")
    facts = dataclasses.replace(
        base.facts,
        partners=(*(Partner(org, lab, "member", 0) for org in orgs[:5]), Partner("MIT", lab, "founding_member", 0)),
        organisations=tuple(Organisation(org, (), 0) for org in orgs))
    async with await FactStore.open(tmp_path / "facts.db") as store:
        await store.apply(WritePlan(upserts=[dataclasses.replace(base, facts=facts)]))
        answer = await answers.partners(store, initiative="RFL")
    assert [(line.group, line.text.split(" — ")[0]) for line in answer.lines] == [
        ("Founding members", "MIT"), ("Members", "abb Robotics"), ("Members", "Bosch"),
        ("Members", "Ecole Centrale"), ("Members", "École Polytechnique"), ("Members", "Zeiss")]
    assert [p["org"] for p in answer.data["partners"]] == ["MIT", "abb Robotics", "Bosch", "Ecole Centrale",
                                                            "École Polytechnique", "Zeiss"]


async def test_unknown_names_raise_not_found_with_suggestions(two_articles):
    with pytest.raises(NotFound) as caught:
        await answers.about(two_articles, "Seimens")
    assert "Siemens" in caught.value.suggestions and "Did you mean" in str(caught.value)
    with pytest.raises(NotFound):
        await answers.partners(two_articles, initiative="Zzyzx Qwerty Consortium")
    with pytest.raises(NotFound):
        await answers.summary(two_articles, article="no such article at all")


async def test_search_answer(two_articles):
    answer = await answers.search(two_articles, "Kornbluth")
    assert len(answer.lines) == 1 and answer.lines[0].sources == (1,)
    assert answer.data["results"][0]["article"]["file"] == SEED.name
    assert not (await answers.search(two_articles, "   ")).lines


async def test_stats_and_empty_store(two_articles, tmp_path):
    stats = await answers.stats(two_articles)
    assert stats.data["articles"] == 2 and stats.data["initiatives"] == 2
    assert stats.data["organisations"] == 7  # MIT, Flextronics and Siemens counted once each
    async with await FactStore.open(tmp_path / "empty.db") as empty:
        answer = await answers.partners(empty)
        assert not answer.lines and "no articles" in answer.empty
        assert answers.complete(empty, "article", "") == []


def test_report_answer():
    report = IngestReport(added=["a.txt"], unchanged=["b.txt", "c.txt"], rejected=[("x.png", "binary file")],
                          durations={"total": 0.5})
    answer = answers.report(report)
    assert answer.title == "Ingest: 1 added, 0 changed, 2 unchanged, 0 removed, 1 rejected"
    assert [(line.group, line.text) for line in answer.lines] == [
        ("Added", "a.txt"), ("Rejected", "x.png — binary file"), ("Unchanged", "2 files unchanged")]
    assert answer.data["exit_code"] == 1
