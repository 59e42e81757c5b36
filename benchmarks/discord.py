"""Through Discord: interactions per second for `/partners` answered by the real FactBot (discord.py
2.7 client, the project's cogs) talking to the loopback emulator, divided by the rate of a trivial
command registered on the same bot in the same run. Goal: ratio >= 0.5.

    python -m benchmarks.discord [--n 10000] [--calls 600] [--concurrency 16]

Bot, emulator and driver share one event loop, as in the tests. The emulator's OpenAPI validation is
off here: it costs the emulator, not the bot, and would hide the bot's own cost. Rounds alternate
trivial / `/partners` three times; each figure is the median round. Every `/partners` round (and its
warm-up) draws its own initiatives (name or acronym) from the first 2,000 generated stories, so the bot's
answer cache gets only the hits such a mix gives, never a replay of the previous round; the share of
hits is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from benchmarks.corpus import generate
from benchmarks.report import Figure, at_least_ratio, not_available, parser, run_main
from benchmarks.workspace import synthetic_db

NAME = "discord"
DEFAULT_N = 10_000
DEFAULT_CALLS = 600
ROUNDS = 3
TRIVIAL = "bench-ping"


async def _round(emu: Any, command: str, options: list[dict[str, Any]], concurrency: int) -> tuple[float, int]:
    """Send every interaction (at most `concurrency` in flight); return (interactions/s, failures)."""
    gate = asyncio.Semaphore(concurrency)
    failures = 0

    async def one(values: dict[str, Any]) -> None:
        nonlocal failures
        async with gate:
            record = await (await emu.slash(command, values)).wait_final(30)
            # the callback's own payload: reading `record.embeds` would deep-copy the message on our clock
            data = record.response
            if not (data.get("embeds") or data.get("content") or (record.callback_type == 5 and record.original_id)):
                failures += 1

    start = time.perf_counter()
    await asyncio.gather(*(one(values) for values in options))
    return len(options) / (time.perf_counter() - start), failures


async def _measure(db: Path, n: int, seed: int, calls: int, concurrency: int) -> dict[str, Any]:
    import discord as discord_py

    from bot.client import FactBot, sync_tree
    from bot.client.endpoints import point_at
    from bot.settings import Settings
    from bot.store import FactStore
    from tests.emulator import Emulator, point_discord_at

    rng = random.Random(seed)
    stories = [g.story for g in generate(min(n, 2000), seed)]

    def draw(k: int) -> list[dict[str, Any]]:
        return [{"initiative": rng.choice((s.initiative, s.acronym))} for s in rng.choices(stories, k=k)]

    trivial = [{} for _ in range(calls)]
    async with Emulator(validate_openapi=False) as emu:
        settings = Settings(_env_file=None, factbot_db=db, discord_token=emu.token, discord_api_base=emu.api_base,
                            discord_gateway_url=emu.gateway_url)
        async with await FactStore.open(db) as store:
            bot = FactBot(store=store, settings=settings, guild_ready_timeout=0.05)

            with point_discord_at(emu):
                point_at(settings)
                await bot.login(emu.token)  # runs setup_hook: the cogs are in the tree now

                @bot.tree.command(name=TRIVIAL, description="Benchmark baseline: reply at once")
                async def ping(interaction: discord_py.Interaction) -> None:
                    await interaction.response.send_message("pong")

                task = asyncio.create_task(bot.connect())
                try:
                    await asyncio.wait_for(bot.wait_until_ready(), 30)
                    await sync_tree(bot)
                    sample = await (await emu.slash("partners", draw(1)[0])).wait_final(30)
                    # warm both paths, then alternate rounds so drift hits both alike
                    await _round(emu, TRIVIAL, trivial[:50], concurrency)
                    await _round(emu, "partners", draw(50), concurrency)
                    rates: dict[str, list[float]] = {TRIVIAL: [], "partners": []}
                    failed = 0
                    cache = getattr(bot, "answer_cache", None)
                    hits_before, misses_before = (cache.hits, cache.misses) if cache else (0, 0)
                    for _ in range(ROUNDS):
                        for command, options in ((TRIVIAL, trivial), ("partners", draw(calls))):
                            rate, failures = await _round(emu, command, options, concurrency)
                            rates[command].append(rate)
                            failed += failures
                    hits = cache.hits - hits_before if cache else 0
                    lookups = hits + (cache.misses - misses_before if cache else 0)
                finally:
                    await bot.close()
                    await asyncio.wait_for(task, 10)
    return {"trivial": statistics.median(rates[TRIVIAL]), "partners": statistics.median(rates["partners"]),
            "failed": failed, "sample": sample.text[:200], "hit_share": hits / lookups if lookups else 0.0}


def measure(args: argparse.Namespace) -> list[Figure]:
    try:
        import bot.client  # noqa: F401
        import cogs.facts  # noqa: F401
        import tests.emulator  # noqa: F401
    except ImportError as exc:
        return [not_available(NAME, "/partners through Discord", f"{exc}")]
    logging.getLogger("discord").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="factbot-discord-") as tmp:
        db = synthetic_db(args.n, args.seed, Path(tmp))
        r = asyncio.run(_measure(db, args.n, args.seed, args.calls, args.concurrency))
    figures = [
        Figure(NAME, f"/partners interactions/s ({args.n:,} articles, {args.concurrency} in flight)", r["partners"],
               "/s", r["trivial"], f"/{TRIVIAL}", at_least_ratio(0.5)),
        Figure(NAME, f"/{TRIVIAL} interactions/s (trivial command, same bot)", r["trivial"], "/s"),
        Figure(NAME, "/partners answered from the answer cache (fresh draw per round)", 100 * r["hit_share"], "%"),
    ]
    if r["failed"]:
        figures.append(not_available(NAME, "answers", f"{r['failed']} interactions got no message"))
    return figures


def build_parser() -> argparse.ArgumentParser:
    p = parser("python -m benchmarks.discord", "Interactions per second through the emulator.", DEFAULT_N)
    p.add_argument("--calls", type=int, default=DEFAULT_CALLS, help="interactions per round")
    p.add_argument("--concurrency", type=int, default=16, help="interactions in flight at once")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("benchmarks.discord", argv, build_parser, measure)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
