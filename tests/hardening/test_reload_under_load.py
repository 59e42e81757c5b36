"""/admin reload while /partners and /search pour in: every answer is on time and is wholly before or after."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.hardening.hostile import article
from tests.hardening.serving import SEED, copy_seed, ingest_folder, serving, settings_for, visible

HEARTBEAT = 0.05  # seconds: short, so a blocked event loop shows up as a gap
MIN_INTERACTIONS = 200
BATCH = 8  # interactions sent together, every PACE seconds, for as long as the reload runs
PACE = 0.01
QUESTIONS = (
    ("partners", {}),  # the most recent article: changes when a newer one arrives
    ("sources", {"article": SEED.name}),  # the edited seed: one more sentence cites [2]
    ("search", {"query": "manufacturing"}),
    ("search", {"query": "pilot line"}),
)
ADDED = "200_pilot_line.txt"


@pytest.fixture(scope="module")
async def env(tmp_path_factory, nlp):
    settings = settings_for(tmp_path_factory.mktemp("load"))
    copy_seed(settings.factbot_seeds)
    await ingest_folder(settings, nlp)
    async with serving(settings, heartbeat=HEARTBEAT) as (emu, bot):
        yield emu, bot


async def ask_all(emu) -> list[list[dict]]:
    records = [await emu.slash(name, options) for name, options in QUESTIONS]
    return [visible(await r.wait_final()) for r in records]


def change_the_seeds(seeds) -> None:
    """A newer article that mentions manufacturing and a pilot line, and an edit to the seed."""
    (seeds / ADDED).write_text(article("Delft opens a manufacturing pilot line", [
        "The Delft Manufacturing Pilot Line was launched by Delft University of Technology [1].",
        "Philips and ASML joined the pilot line as founding members, the university said [1].",
        "Its director, Eva de Boer, said new manufacturing methods will be tested there [1].",
    ], ["[1] TU Delft - https://tudelft.example/pilot"], date="2025-06-10",
        city="Delft, Tuesday, 10 June 2025."), encoding="utf-8")
    seed = seeds / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace(
        "\nBronnen", "\nA Later Note\n\nGE Vernova later opened a manufacturing pilot line with MIT [2].\n\nBronnen"),
        encoding="utf-8")


async def test_reload_under_load_answers_on_time_with_old_or_new_facts(env):
    emu, bot = env
    before = await ask_all(emu)
    change_the_seeds(bot.settings.factbot_seeds)

    reload = await emu.slash("admin reload", user=emu.admin)
    started = time.monotonic()
    sent: list[tuple[int, object]] = []
    while not reload.finished or len(sent) < MIN_INTERACTIONS:
        assert time.monotonic() - started < 120, "the reload did not finish"
        for _ in range(BATCH):
            which = len(sent) % len(QUESTIONS)
            name, options = QUESTIONS[which]
            sent.append((which, await emu.slash(name, options)))
        await asyncio.sleep(PACE)
    reload_done = time.monotonic()
    for _, record in sent:
        await record.wait_final(timeout=10)

    assert "1 added, 1 changed" in reload.text, reload.text
    after = await ask_all(emu)
    assert all(b != a for b, a in zip(before, after)), "the reload must change every answer"
    during = sum(1 for _, r in sent if r.dispatched_at < reload_done)
    assert during >= MIN_INTERACTIONS, f"only {during} interactions overlapped the reload"
    print(f"{len(sent)} interactions, {during} sent while the reload ran, {reload_done - started:.1f}s")
    for which, record in sent:
        assert record.latency < 3, record  # Discord's window for the first response
        assert visible(record) in (before[which], after[which]), f"half-reloaded answer: {record.text}"
    emu.assert_no_violations()


async def test_heartbeats_keep_arriving_while_spacy_runs(env):
    """A second reload with a changed file (spaCy runs again); the gateway heartbeat never stalls meanwhile."""
    emu, bot = env
    (bot.settings.factbot_seeds / ADDED).write_text(
        (bot.settings.factbot_seeds / ADDED).read_text(encoding="utf-8").replace("Philips", "Signify"),
        encoding="utf-8")
    reload = await emu.slash("admin reload", user=emu.admin)
    start = time.monotonic()
    await reload.wait_final(timeout=120)
    end = time.monotonic()
    assert "1 changed" in reload.text, reload.text
    beats = [t for t in emu.heartbeats if start <= t <= end]
    gaps = [b - a for a, b in zip([start, *beats], [*beats, end])]
    # discord.py beats every HEARTBEAT; spaCy on the event loop would stall it for the whole extraction.
    assert len(beats) >= (end - start) / HEARTBEAT / 4 and max(gaps) < 20 * HEARTBEAT, (len(beats), max(gaps))
