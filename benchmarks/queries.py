"""Query latency at 10,000 articles: each command's `bot.answers` call plus its rendering (terminal text,
and Discord embeds), p50 and p99. Goals: p99 <= 5 ms per command, <= 2 ms per autocomplete. Baseline:
`SELECT 1` through the same aiosqlite connection.

    python -m benchmarks.queries [--n 10000] [--calls 400]

The database holds synthetic facts (benchmarks.facts) written by the store's own writer. Arguments vary
call to call: names, acronyms, file names and typed prefixes drawn from the generated stories.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Sequence

from benchmarks.corpus import generate
from benchmarks.report import Figure, at_most, not_available, parser, percentile, run_main
from benchmarks.workspace import synthetic_db

NAME = "queries"
DEFAULT_N = 10_000
DEFAULT_CALLS = 400
WARMUP = 20
COMMON_WORDS = ("programme", "partners", "members", "research")  # in most articles: the ranked-search worst case


def _renderers() -> tuple[Callable[[Any], Any], ...]:
    from bot.render.text import to_text

    try:
        from bot.render.embeds import answer_to_embeds
    except ImportError:  # no Discord renderer yet: time the text rendering alone
        return (to_text,)
    return (to_text, answer_to_embeds)


def _workload(n: int, seed: int, rng: random.Random) -> dict[str, Callable[[], Any]]:
    """Per figure, a function that draws the arguments of one call."""
    stories = [g.story for g in generate(min(n, 2000), seed)]  # the first articles stand for all
    files = [f"{s.number:05d}" for s in stories]
    people = [p.name for s in stories for p in s.people]
    orgs = [o for s in stories for o in (s.leader, *s.founders)]

    def initiative() -> str:
        s = rng.choice(stories)
        return rng.choice((s.initiative, s.acronym, s.initiative.lower()))

    def article() -> str | None:
        return rng.choice((None, rng.choice(files), rng.choice(stories).initiative))

    def typed(names: list[str]) -> Callable[[], str]:
        def draw() -> str:
            name = rng.choice(names)
            return name[: rng.randint(0, min(12, len(name)))]  # a user part-way through typing
        return draw

    def misspelt() -> str:
        name = list(rng.choice(orgs))
        i = rng.randrange(1, len(name) - 1)
        name[i], name[i + 1] = name[i + 1], name[i]
        return "".join(name)

    return {
        "articles": lambda: (),
        "partners": lambda: (initiative(),),
        "summary": lambda: (article(),),
        "sources": lambda: (article(),),
        "people": lambda: (article(),),
        "search (rare words)": lambda: (rng.choice(orgs).split()[0],),
        "search (common word)": lambda: (rng.choice(COMMON_WORDS),),
        "about (organisation or person)": lambda: (rng.choice(orgs + people),),
        "about (misspelt, suggestions)": lambda: (misspelt(),),
        "stats": lambda: (),
        "complete article": typed([s.initiative for s in stories] + files),
        "complete initiative": typed([s.initiative for s in stories] + [s.acronym for s in stories]),
        "complete name": typed(orgs + people),
    }


async def _time(call: Callable[[], Awaitable[Any]], calls: int) -> list[float]:
    for _ in range(WARMUP):
        await call()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


async def _measure(db: Path, n: int, seed: int, calls: int) -> dict[str, list[float]]:
    from bot import answers
    from bot.render.answer import Answer, NotFound
    from bot.store import FactStore

    renderers = _renderers()
    rng = random.Random(seed)
    draws = _workload(n, seed, rng)
    store = await FactStore.open(db)
    try:
        async def command(name: str, fn: Callable[..., Awaitable[Any]]) -> Callable[[], Awaitable[None]]:
            async def call() -> None:
                try:
                    answer = await fn(store, *draws[name]())
                except NotFound as missing:  # what the cogs show instead: part of the command's work
                    answer = Answer(title="Not found", empty=str(missing))
                for render in renderers:
                    render(answer)
            return call

        async def complete(kind: str, name: str) -> Callable[[], Awaitable[None]]:
            async def call() -> None:
                answers.complete(store, kind, draws[name]())
            return call

        async def select_one() -> None:
            await store.db.execute_fetchall("SELECT 1")

        functions = {"articles": answers.articles, "partners": answers.partners, "summary": answers.summary,
                     "sources": answers.sources, "people": answers.people, "search (rare words)": answers.search,
                     "search (common word)": answers.search, "about (organisation or person)": answers.about,
                     "about (misspelt, suggestions)": answers.about, "stats": answers.stats}
        samples = {"SELECT 1": await _time(select_one, calls)}
        for name, fn in functions.items():
            samples[name] = await _time(await command(name, fn), calls)
        for kind in ("article", "initiative", "name"):
            samples[f"complete {kind}"] = await _time(await complete(kind, f"complete {kind}"), calls)
        samples["SELECT 1 (again)"] = await _time(select_one, calls)
    finally:
        await store.close()
    return samples


def measure(args: argparse.Namespace) -> list[Figure]:
    try:
        import bot.answers  # noqa: F401
    except ImportError as exc:
        return [not_available(NAME, "query latency", f"bot.answers: {exc}")]
    with tempfile.TemporaryDirectory(prefix="factbot-queries-") as tmp:
        db = synthetic_db(args.n, args.seed, Path(tmp))
        samples = asyncio.run(_measure(db, args.n, args.seed, args.calls))
    # The baseline is measured before and after the commands; the lower of the two is the connection's cost.
    base = {p: min(percentile(samples["SELECT 1"], p), percentile(samples["SELECT 1 (again)"], p)) * 1000
            for p in (50, 99)}
    figures = []
    for name, times in samples.items():
        if name.startswith("SELECT 1"):
            continue
        limit = 2.0 if name.startswith("complete") else 5.0
        label = f"autocomplete ({name.split()[1]})" if name.startswith("complete") else f"/{name}"
        for p in (50, 99):
            figures.append(Figure(NAME, f"{label} p{p}", percentile(times, p) * 1000, "ms", base[p],
                                  f"SELECT 1 p{p}", at_most(limit) if p == 99 else None))
    return figures


def build_parser() -> argparse.ArgumentParser:
    p = parser("python -m benchmarks.queries", "Query + render latency per command.", DEFAULT_N)
    p.add_argument("--calls", type=int, default=DEFAULT_CALLS, help="timed calls per command")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("benchmarks.queries", argv, build_parser, measure)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
