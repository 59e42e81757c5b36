"""No-op reload: `bot.ingest.reload` over a folder whose files are all already stored, unchanged.
Goal: <= 0.2 s for 1,000 articles, without importing spaCy or starting a worker process. Baseline:
reading and sha256-hashing the same files.

    python -m benchmarks.reload [--n 1000] [--repeat 5]

The database is filled beforehand with the same files' synthetic facts (benchmarks.facts; the store
tells unchanged files by name and sha256 only), so setting up needs no spaCy. The reload runs in a
fresh interpreter that counts forks and process starts while it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from benchmarks.corpus import write_corpus
from benchmarks.report import Figure, at_most, not_available, parser, run_main
from benchmarks.workspace import ChildFailed, answer, run_child, synthetic_db

NAME = "reload"
DEFAULT_N = 1000
HEAVY_MODULES = ("spacy", "thinc", "torch")


class _ProcessCounter:
    """Counts forks, multiprocessing process starts and process pools created from now on."""

    def __init__(self) -> None:
        import concurrent.futures
        import multiprocessing.process

        self.forks = self.starts = self.pools = 0
        os.register_at_fork(before=self._forked)
        start = multiprocessing.process.BaseProcess.start
        pool_init = concurrent.futures.ProcessPoolExecutor.__init__

        def counted_start(process, *a, **k):  # type: ignore[no-untyped-def]
            self.starts += 1
            return start(process, *a, **k)

        def counted_pool(pool, *a, **k):  # type: ignore[no-untyped-def]
            self.pools += 1
            return pool_init(pool, *a, **k)

        multiprocessing.process.BaseProcess.start = counted_start  # type: ignore[method-assign]
        concurrent.futures.ProcessPoolExecutor.__init__ = counted_pool  # type: ignore[method-assign]

    def _forked(self) -> None:
        self.forks += 1

    @property
    def total(self) -> int:
        return self.forks + self.starts + self.pools


def _read_and_hash(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.iterdir()):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def _child(seeds: Path, db: Path, repeat: int) -> dict:
    counter = _ProcessCounter()
    from bot.ingest import reload
    from bot.settings import Settings
    from bot.store import FactStore

    async def run() -> dict:
        settings = Settings(factbot_db=db, factbot_seeds=seeds)
        store = await FactStore.open(db)
        try:
            times, reports = [], []
            for _ in range(repeat):
                start = time.perf_counter()
                reports.append(await reload(store, seeds, settings))
                times.append(time.perf_counter() - start)
        finally:
            await store.close()
        last = reports[-1]
        return {"first": times[0], "median": statistics.median(times), "times": times,
                "unchanged": len(last.unchanged), "processed": len(last.processed),
                "durations": last.durations}

    result = asyncio.run(run())
    result["baseline"] = statistics.median(_read_and_hash(seeds) for _ in range(max(3, repeat)))
    result["heavy_modules"] = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY_MODULES)
    result["processes"] = {"forks": counter.forks, "process_starts": counter.starts, "pools": counter.pools}
    return result


def measure(args: argparse.Namespace) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="factbot-reload-") as tmp:
        seeds = Path(tmp) / "seeds"
        write_corpus(seeds, args.n, args.seed)
        db = synthetic_db(args.n, args.seed, Path(tmp))
        try:
            r = run_child("benchmarks.reload", [str(seeds), str(db), "--repeat", str(args.repeat)])
        except ChildFailed as exc:
            return [not_available(NAME, "no-op reload", f"bot.ingest.reload failed: {exc}")]
    label = f"{args.n:,} unchanged files"
    figures = [
        Figure(NAME, f"no-op reload, {label}, median of {args.repeat}", r["median"], "s", r["baseline"],
               "read+sha256", at_most(0.2)),
        Figure(NAME, f"first no-op reload in a fresh process, {label}", r["first"], "s", r["baseline"],
               "read+sha256", at_most(0.2)),
        Figure(NAME, "spaCy/thinc modules imported by the reload", len(r["heavy_modules"]), "modules",
               goal=at_most(0)),
        Figure(NAME, "processes or pools started by the reload", sum(r["processes"].values()), "",
               goal=at_most(0)),
    ]
    if r["unchanged"] != args.n or r["processed"]:
        figures.append(not_available(NAME, "files seen as unchanged",
                                     f"{r['unchanged']} of {args.n} unchanged, {r['processed']} re-processed"))
    return figures


def build_parser() -> argparse.ArgumentParser:
    p = parser("python -m benchmarks.reload", "No-op reload time.", DEFAULT_N)
    p.add_argument("--repeat", type=int, default=5, help="reloads timed in the child (median reported)")
    return p


def _child_main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("seeds", type=Path)
    p.add_argument("db", type=Path)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args(argv)
    return answer(_child(a.seeds, a.db, max(1, a.repeat)))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return _child_main(argv[1:])
    return run_main("benchmarks.reload", argv, build_parser, measure)


if __name__ == "__main__":
    raise SystemExit(main())
