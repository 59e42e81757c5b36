"""spaCy extraction off the event loop: worker processes (spawned, pipeline loaded once each) or a thread.

Workers get parsed `Article`s in chunks, run `bot.extract.process` (one `nlp.pipe` per chunk) and send back
`ProcessedArticle`s, or `(file, reason)` for an article the extractor could not handle.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Callable

from bot.model import Article, ProcessedArticle

if TYPE_CHECKING:
    from spacy.language import Language

Outcome = ProcessedArticle | tuple[str, str]
BATCH_SIZE = 64  # nlp.pipe batch: larger batches are slower and heavier here (PERF-NOTES)

_nlp: Any = None  # the worker process's pipeline
_load_error: str | None = None


def _init_worker(model: str) -> None:
    """Pool initializer: load the pipeline once per worker; keep a failure to report per task."""
    global _nlp, _load_error
    try:
        from bot.nlp import load_pipeline

        _nlp = load_pipeline(model)
    except Exception as exc:  # reported by every task, instead of a silently broken pool
        _load_error = f"{type(exc).__name__}: {exc}"


def _extract_in_worker(articles: list[Article]) -> list[Outcome]:
    if _nlp is None:
        raise RuntimeError(f"spaCy pipeline failed to load in the ingest worker: {_load_error}")
    return extract_chunk(_nlp, articles)


def extract_chunk(nlp: "Language", articles: list[Article]) -> list[Outcome]:
    """Extract facts for a chunk; if the batch fails, retry one by one so only the bad article is rejected."""
    from bot.extract import process

    try:
        return list(process(nlp, articles, batch_size=BATCH_SIZE))
    except Exception:
        if len(articles) == 1:
            return [(articles[0].file, f"extraction failed: {_reason()}")]
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.extend(process(nlp, [article], batch_size=1))
        except Exception:
            outcomes.append((article.file, f"extraction failed: {_reason()}"))
    return outcomes


def _reason() -> str:
    import sys

    exc = sys.exc_info()[1]
    return f"{type(exc).__name__}: {exc}"[:300]


def worker_count(configured: int, articles: int) -> int:
    """0 means one per core, at most 2; never more workers than chunks; one or two articles get one worker."""
    workers = configured or min(2, os.cpu_count() or 1)
    if articles <= 2:
        return 1
    return max(1, min(workers, articles))


def chunks(articles: list[Article], workers: int) -> list[list[Article]]:
    """Chunks of at most BATCH_SIZE, small enough that every worker gets some."""
    size = max(1, min(BATCH_SIZE, -(-len(articles) // (workers * 2 if len(articles) > workers * 8 else workers))))
    return [articles[i : i + size] for i in range(0, len(articles), size)]


async def extract(articles: list[Article], *, model: str, workers: int, nlp: "Language | None" = None,
                  progress: Callable[[int, int], Any] | None = None) -> list[Outcome]:
    """Run extraction for every article off the loop; results in input order."""
    if not articles:
        return []
    loop = asyncio.get_running_loop()
    executor: Executor | None = None
    if nlp is not None:  # in-process (tests, or a caller that already holds a pipeline): one thread
        run: Callable[[list[Article]], list[Outcome]] = lambda chunk: extract_chunk(nlp, chunk)  # noqa: E731
        parts = [articles]  # one call: a pipeline is not shared between threads
    else:
        count = worker_count(workers, len(articles))
        # Spawn, never fork: forking a process that runs an event loop (and threads) copies their locks mid-use.
        executor = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(model,))
        run, parts = _extract_in_worker, chunks(articles, count)
    try:
        futures = [loop.run_in_executor(executor, run, part) for part in parts]
        done = 0
        for future in asyncio.as_completed(futures):
            done += len(await future)
            if progress:
                progress(done, len(articles))
        results = [outcome for future in futures for outcome in future.result()]
    finally:
        if executor is not None:  # the serving process stays light: workers exit after each reload
            await asyncio.to_thread(executor.shutdown, True, cancel_futures=True)
    return results
