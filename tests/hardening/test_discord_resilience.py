"""Gateway faults, REST rate limits and a crashing command: the bot survives each and keeps answering."""

from __future__ import annotations

import logging

import pytest

from bot.client.tree import GENERIC_ERROR
from tests.hardening.faulty_cog import FAILURE
from tests.hardening.serving import SEED, copy_seed, ingest_folder, serving, settings_for, visible

RETRY_AFTER = 0.3


@pytest.fixture(scope="module")
async def env(tmp_path_factory, nlp):
    settings = settings_for(tmp_path_factory.mktemp("resilience"))
    copy_seed(settings.factbot_seeds)
    await ingest_folder(settings, nlp)
    async with serving(settings, extensions=("tests.hardening.faulty_cog",)) as (emu, bot):
        expected = visible(await (await emu.slash("partners", {"article": SEED.name})).wait_final())
        assert "Initiative for New Manufacturing" in str(expected)
        yield emu, bot, expected


async def still_answers(emu, expected) -> None:
    record = await (await emu.slash("partners", {"article": SEED.name})).wait_final()
    assert visible(record) == expected and record.latency < 3


async def test_gateway_reconnect_is_resumed(env):
    emu, _, expected = env
    resumes, identifies = emu.resume_count, emu.identify_count
    await emu.send_reconnect()
    assert (emu.resume_count, emu.identify_count) == (resumes + 1, identifies)
    await still_answers(emu, expected)


@pytest.mark.parametrize("resumable", [True, False], ids=["resumable", "not-resumable"])
async def test_invalid_session_is_resumed_or_reidentified(env, resumable):
    emu, _, expected = env
    resumes, identifies = emu.resume_count, emu.identify_count
    await emu.send_invalid_session(resumable)
    assert (emu.resume_count, emu.identify_count) == (
        (resumes + 1, identifies) if resumable else (resumes, identifies + 1))
    await still_answers(emu, expected)


def _retry_gap(emu, pattern: str) -> tuple[list[int], float]:
    """Statuses of the requests whose "METHOD path" contains `pattern`, and the time from the 429 to the retry."""
    hits = [r for r in emu.requests if pattern in f"{r.method} {r.path}"]
    statuses = [r.status for r in hits]
    first = statuses.index(429)
    return statuses, hits[first + 1].at - hits[first].at


async def test_a_rate_limited_interaction_reply_is_retried_after_retry_after(env):
    emu, _, expected = env
    fault = emu.inject_429(r"^POST /interactions/", count=1, retry_after=RETRY_AFTER)
    record = await (await emu.slash("partners", {"article": SEED.name})).wait_final()
    assert len(fault.hits) == 1 and visible(record) == expected
    statuses, gap = _retry_gap(emu, f"POST /interactions/{record.id}/")
    assert statuses == [429, 200] and gap >= RETRY_AFTER


async def test_a_rate_limited_rest_call_is_retried_after_retry_after(env):
    """/admin sync: the command registration (PUT) hits a 429, waits, retries, and the admin gets the result."""
    emu, _, _ = env
    fault = emu.inject_429(r"^PUT /applications/\d+/commands$", count=1, retry_after=RETRY_AFTER)
    record = await (await emu.slash("admin sync", user=emu.admin)).wait_final(timeout=10)
    assert len(fault.hits) == 1 and "Synced" in record.text
    statuses, gap = _retry_gap(emu, "PUT /applications/")
    assert statuses[-2:] == [429, 200] and gap >= RETRY_AFTER


async def test_a_failing_command_is_logged_answered_and_the_next_one_works(env, caplog):
    emu, _, expected = env
    with caplog.at_level(logging.ERROR, logger="bot"):
        record = await (await emu.slash("boom")).wait_final()
    assert record.ephemeral and record.content == GENERIC_ERROR
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged.getMessage().startswith("/boom failed") and FAILURE in str(logged.exc_info[1])
    await still_answers(emu, expected)
    emu.assert_no_violations()
