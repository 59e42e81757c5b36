"""Ingest throughput against raw spaCy: a full `bot.ingest.reload` into a fresh database (parse, spaCy,
extraction, SQLite) divided by `nlp.pipe` alone on the same article bodies, with the same model, pipes,
batch size and number of processes. Goal: ratio >= 0.85, and both cores in use.

    python -m benchmarks.ingest [--n 500] [--repeat 1]

Each measurement runs in a fresh interpreter, so no run inherits a loaded model or warm caches from
another, and the parent never imports spaCy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from benchmarks.corpus import write_corpus
from benchmarks.report import Figure, at_least_ratio, not_available, parser, run_main
from benchmarks.workspace import ChildFailed, answer, run_child

NAME = "ingest"
DEFAULT_N = 500
DEFAULT_BATCH = 64  # PERF-NOTES: larger batches are slower and heavier on this model


def ingest_config(n: int) -> tuple[int, int, str]:
    """(processes, batch size, model) a default-settings ingest of `n` new articles uses."""
    from bot.settings import Settings

    settings = Settings()
    try:
        from bot.ingest.workers import BATCH_SIZE, worker_count

        return worker_count(settings.factbot_workers, n), BATCH_SIZE, settings.spacy_model
    except ImportError:
        return settings.factbot_workers or min(2, os.cpu_count() or 1), DEFAULT_BATCH, settings.spacy_model


# ---- children: one measurement per fresh interpreter, result as one JSON line ----


def _bodies(folder: Path) -> list[str]:
    from bot.parse import parse_file

    return [parse_file(p).body for p in sorted(folder.glob("*.txt"))]


def _child_raw(folder: Path, processes: int, batch: int, model: str) -> dict[str, float]:
    from bot.nlp import load_pipeline

    loading = time.perf_counter()
    nlp = load_pipeline(model)  # imports spaCy too: what each ingest worker pays inside the timed reload
    load_seconds = time.perf_counter() - loading
    bodies = _bodies(folder)
    start = time.perf_counter()
    for _doc in nlp.pipe(bodies, batch_size=batch, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "load_seconds": load_seconds, "words": sum(len(b.split()) for b in bodies),
            "pipes": nlp.pipe_names}


def _child_ingest(folder: Path, processes: int, model: str) -> dict[str, object]:
    from bot.ingest import reload
    from bot.settings import Settings
    from bot.store.store import FactStore

    async def run() -> dict[str, object]:
        with tempfile.TemporaryDirectory(prefix="factbot-bench-") as tmp:
            settings = Settings(factbot_db=Path(tmp) / "bench.db", factbot_seeds=folder, spacy_model=model,
                                factbot_workers=processes)
            store = await FactStore.open(settings.factbot_db)
            try:
                start = time.perf_counter()
                report = await reload(store, folder, settings)
                seconds = time.perf_counter() - start
                rows = await store.fetch_one("SELECT count(*) AS n FROM article")
            finally:
                await store.close()
        return {"seconds": seconds, "words": sum(len(b.split()) for b in _bodies(folder)), "articles": rows["n"],
                "report": str(report)[:300]}

    return asyncio.run(run())


def _in_child(*args: str) -> dict:
    return run_child("benchmarks.ingest", args)


# ---- parent ----


def _rate(result: dict) -> float:
    return result["words"] / result["seconds"]


def measure(args: argparse.Namespace) -> list[Figure]:
    processes, batch, model = ingest_config(args.n)
    with tempfile.TemporaryDirectory(prefix="factbot-corpus-") as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.n, args.seed)
        common = [str(folder), "--batch-size", str(batch), "--model", model]
        raw_runs = [_in_child("raw", *common, "--processes", str(processes)) for _ in range(args.repeat)]
        raw_n = max(map(_rate, raw_runs))
        # The baseline's pipeline is loaded before its clock starts and its workers fork with it; the ingest's
        # spawned workers import spaCy and load the model inside the reload. Shown apart, not as the goal.
        raw_cold = max(r["words"] / (r["seconds"] + r["load_seconds"]) for r in raw_runs)
        raw_1 = max(_rate(_in_child("raw", *common, "--processes", "1")) for _ in range(args.repeat))
        try:
            runs = [_in_child("ingest", *common, "--processes", str(processes)) for _ in range(args.repeat)]
        except ChildFailed as exc:
            return [
                Figure(NAME, f"raw nlp.pipe, {processes} process(es)", raw_n, "words/s"),
                Figure(NAME, "raw nlp.pipe, 1 process", raw_1, "words/s"),
                not_available(NAME, "full ingest", f"bot.ingest.reload failed: {exc}"),
            ]
    best = max(runs, key=_rate)
    rate = _rate(best)
    figures = [
        Figure(NAME, f"ingest rate ({processes} proc, batch {batch}) vs raw nlp.pipe", rate, "words/s",
               raw_n, f"nlp.pipe {processes} proc", at_least_ratio(0.85)),
        # "About twice one core's": 0.85 of a 1.75x two-process speed-up is ~1.5.
        Figure(NAME, "ingest rate vs 1-process raw nlp.pipe", rate, "words/s", raw_1, "nlp.pipe 1 proc",
               at_least_ratio(1.5) if processes >= 2 else None),
        Figure(NAME, f"raw nlp.pipe, {processes} proc vs 1 proc", raw_n, "words/s", raw_1, "nlp.pipe 1 proc"),
        Figure(NAME, "ingest rate vs raw nlp.pipe timed from spaCy import + model load", rate, "words/s", raw_cold,
               f"nlp.pipe {processes} proc + load"),
    ]
    if best["articles"] != args.n:
        figures.append(not_available(NAME, "articles stored",
                                     f"{best['articles']} of {args.n} articles stored: {best['report']}"))
    return figures


def build_parser() -> argparse.ArgumentParser:
    p = parser("python -m benchmarks.ingest", "Ingest throughput against raw spaCy.", DEFAULT_N)
    p.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the best is kept")
    return p


def _child_main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=("raw", "ingest"))
    p.add_argument("folder", type=Path)
    p.add_argument("--processes", type=int, required=True)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--model", required=True)
    a = p.parse_args(argv)
    if a.kind == "raw":
        result = _child_raw(a.folder, a.processes, a.batch_size, a.model)
    else:
        result = _child_ingest(a.folder, a.processes, a.model)
    return answer(result)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return _child_main(argv[1:])
    return run_main("benchmarks.ingest", argv, build_parser, measure)


if __name__ == "__main__":
    raise SystemExit(main())
