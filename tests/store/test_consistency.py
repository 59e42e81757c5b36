"""An answer never mixes the facts before a reload with the facts after it."""

from __future__ import annotations

import asyncio
import dataclasses

from bot import answers
from bot.model import Partner
from bot.store import WritePlan
from tests.store.seed_facts import other_article


async def test_an_answer_that_overlaps_a_commit_is_answered_from_one_state(filled, monkeypatch):
    # /partners without an article resolves the newest article ("200_other.txt"), then reads its rows in
    # several queries. A reload that replaces that article commits between those queries.
    edited = other_article(extra=" A second sentence changes the file.")
    edited = dataclasses.replace(edited, facts=dataclasses.replace(
        edited.facts, partners=(Partner("Siemens AG", "Robotics Factory Lab", "funder", 0),)))
    real_partners = filled.partners_and_initiatives
    commits = []

    async def partners_with_a_reload_landing(**kwargs):
        rows = await real_partners(**kwargs)
        if not commits:
            commits.append(await filled.apply(WritePlan(upserts=[edited])))
        return rows

    monkeypatch.setattr(filled, "partners_and_initiatives", partners_with_a_reload_landing)
    answer = await answers.partners(filled)

    assert commits, "the reload did land in the middle of the answer"
    assert [line.render() for line in answer.lines] == ["Siemens AG — funder [1]"]
    assert answer.title == "Partners in Siemens and MIT open a robotics lab"


async def test_reads_wait_while_a_commit_is_swapped_in(filled):
    filled._unsettle()
    task = asyncio.ensure_future(answers.stats(filled))
    await asyncio.sleep(0.01)
    assert not task.done()  # held back until the new index is in place
    filled._settle(None)
    assert (await task).title
