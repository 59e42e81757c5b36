"""The answer cache: a question asked again reuses its pages, and never outlives a commit."""

from __future__ import annotations

import dataclasses

import pytest

from bot import answers
from bot.client.cache import AnswerCache
from bot.model import Partner
from bot.render.answer import NotFound
from bot.store import FactStore, WritePlan
from tests.store.seed_facts import other_article, seed_processed


@pytest.fixture
async def store(tmp_path):
    async with await FactStore.open(tmp_path / "facts.db") as opened:
        await opened.apply(WritePlan(upserts=[seed_processed(), other_article()]))
        yield opened


def shown(pages) -> str:
    return "\n".join(page.description for page in pages)


async def test_a_repeated_question_reuses_its_pages_until_a_reload_commits(store) -> None:
    cache = AnswerCache(size=8)
    first = await cache.pages(store, answers.partners, initiative="RFL")
    assert "Siemens AG — founding member [1]" in shown(first)
    assert await cache.pages(store, answers.partners, initiative="RFL") is first
    assert (cache.hits, cache.misses) == (1, 1)

    edited = other_article(extra=" A second sentence changes the file.")
    edited = dataclasses.replace(edited, facts=dataclasses.replace(
        edited.facts, partners=(Partner("Siemens AG", "Robotics Factory Lab", "funder", 0),)))
    await store.apply(WritePlan(upserts=[edited]))

    after = await cache.pages(store, answers.partners, initiative="RFL")
    assert "Siemens AG — funder [1]" in shown(after) and "founding member" not in shown(after)
    assert len(cache) == 1  # the pages from before the commit are gone


async def test_arguments_and_highlight_are_part_of_the_key(store) -> None:
    cache = AnswerCache(size=8)
    rfl = await cache.pages(store, answers.partners, initiative="RFL")
    inm = await cache.pages(store, answers.partners, initiative="INM")
    assert "Robotics Factory Lab" in rfl[0].title and "Initiative for New Manufacturing" in inm[0].title
    plain = await cache.pages(store, answers.search, query="robotics")
    bold = await cache.pages(store, answers.search, query="robotics", highlight="**")
    # the same answer, but only the highlighted pages show the snippet's matched word in bold
    assert "\\*\\*" in plain[0].description and "\\*\\*" not in bold[0].description
    assert cache.hits == 0 and len(cache) == 4


async def test_the_least_recently_used_answer_goes_first(store) -> None:
    cache = AnswerCache(size=2)
    rfl = await cache.pages(store, answers.partners, initiative="RFL")
    await cache.pages(store, answers.partners, initiative="INM")
    assert await cache.pages(store, answers.partners, initiative="RFL") is rfl  # now the most recent
    await cache.pages(store, answers.people)  # pushes INM out
    assert len(cache) == 2
    assert await cache.pages(store, answers.partners, initiative="RFL") is rfl
    misses = cache.misses
    await cache.pages(store, answers.partners, initiative="INM")
    assert cache.misses == misses + 1


async def test_size_zero_caches_nothing_and_errors_are_never_cached(store) -> None:
    off = AnswerCache(size=0)
    first = await off.pages(store, answers.partners, initiative="RFL")
    assert await off.pages(store, answers.partners, initiative="RFL") is not first
    assert len(off) == 0 and off.hits == 0
    cache = AnswerCache(size=8)
    for _ in range(2):
        with pytest.raises(NotFound):
            await cache.pages(store, answers.partners, initiative="Zzyzx Qwerty Consortium")
    assert len(cache) == 0 and cache.misses == 2


async def test_pages_are_never_served_from_another_store(store, tmp_path) -> None:
    cache = AnswerCache(size=8)
    await cache.pages(store, answers.partners, initiative="RFL")
    async with await FactStore.open(tmp_path / "other.db") as other:
        await other.apply(WritePlan(upserts=[seed_processed()]))  # same generation number, no RFL
        with pytest.raises(NotFound):
            await cache.pages(other, answers.partners, initiative="RFL")
