"""spaCy extraction off the event loop: worker processes (spawned, pipeline loaded once each) or a thread.

Workers get parsed `Article`s in chunks, run `bot.extract.process` (one `nlp.pipe` per chunk) and send back
each article's `ArticleFacts` (the main process has the article already), or `(file, reason)` for an article
the extractor could not handle. An `Extractor` starts its workers as soon as it is made, so the model loads
while the main process is still parsing, and hands back chunks in input order as they complete, so the
writer stores them while the rest are still in spaCy.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

from bot.model import Article, ArticleFacts, ProcessedArticle

if TYPE_CHECKING:
    from spacy.language import Language

Outcome = ProcessedArticle | tuple[str, str]
Progress = Callable[[int, int], Any]
BATCH_SIZE = 64  # nlp.pipe batch: larger batches are slower and heavier here (PERF-NOTES)
MIN_CHUNK = 8  # the tail's chunks shrink to this, so the workers finish within a few articles of each other

_nlp: Any = None  # the worker process's pipeline
_load_error: str | None = None


def _init_worker(model: str) -> None:
    """Pool initializer: load the pipeline once per worker; keep a failure to report per task."""
    global _nlp, _load_error
    atexit.register(_exit_now)
    try:
        from bot.nlp import load_pipeline

        _nlp = load_pipeline(model)
    except Exception as exc:  # reported by every task, instead of a silently broken pool
        _load_error = f"{type(exc).__name__}: {exc}"


def _exit_now() -> None:
    """A worker's last act: its interpreter teardown would free spaCy's objects one by one (~0.3 s, while
    the reload waits for it) and nothing in it needs saving; results went back through the pool's pipe."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _ready() -> int:
    """A no-op task: submitting one per worker makes the pool start every worker (and its model load) now."""
    return os.getpid()


def _extract_in_worker(articles: list[Article]) -> list[ArticleFacts | tuple[str, str]]:
    if _nlp is None:
        raise RuntimeError(f"spaCy pipeline failed to load in the ingest worker: {_load_error}")
    # Only the facts go back: pickling each article a second time costs the main process for nothing.
    return [o.facts if isinstance(o, ProcessedArticle) else o for o in extract_chunk(_nlp, articles)]


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
    exc = sys.exc_info()[1]
    return f"{type(exc).__name__}: {exc}"[:300]


def worker_count(configured: int, articles: int) -> int:
    """0 means one per core, at most 2; never more workers than chunks; one or two articles get one worker."""
    workers = configured or min(2, os.cpu_count() or 1)
    if articles <= 2:
        return 1
    return max(1, min(workers, articles))


def chunk_sizes(total: int, workers: int) -> list[int]:
    """Guided sizes: full batches first, then each a quarter (two workers) of what is left, down to MIN_CHUNK.

    Workers take the next chunk when they finish one, so the shrinking tail evens out their finish times."""
    least = max(1, min(MIN_CHUNK, -(-total // workers)))  # a few articles: one chunk per worker
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, max(least, min(BATCH_SIZE, -(-left // (2 * workers)))))
        sizes.append(size)
        left -= size
    return sizes


def chunks(articles: list[Article], workers: int) -> list[list[Article]]:
    """The articles cut by `chunk_sizes`, in order."""
    parts, start = [], 0
    for size in chunk_sizes(len(articles), workers):
        parts.append(articles[start : start + size])
        start += size
    return parts


class Extractor:
    """spaCy for one reload. Worker processes start on construction (use `async with`, which stops them);
    with `nlp`, chunks run one after another in a thread of this process instead (tests, or a caller that
    already holds a pipeline; a pipeline is not shared between threads)."""

    def __init__(self, *, model: str, workers: int, expected: int, nlp: "Language | None" = None) -> None:
        self.nlp = nlp
        self._stopping: asyncio.Future[None] | None = None
        if nlp is not None:
            self.workers = 1
            self.executor: Executor = ThreadPoolExecutor(1, thread_name_prefix="factbot-extract")
        else:
            self.workers = worker_count(workers, expected)
            # Spawn, never fork: forking a process that runs an event loop (and threads) copies their locks mid-use.
            self.executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_init_worker, initargs=(model,))
            for _ in range(self.workers):
                self.executor.submit(_ready)

    async def outcomes(self, articles: list[Article], progress: Progress | None = None) -> AsyncIterator[list[Outcome]]:
        """Every chunk's outcomes, in input order, each as soon as it and the chunks before it are done."""
        loop = asyncio.get_running_loop()
        parts = chunks(articles, self.workers)
        if self.nlp is not None:
            nlp = self.nlp
            futures = [loop.run_in_executor(self.executor, extract_chunk, nlp, part) for part in parts]
        else:
            futures = [loop.run_in_executor(self.executor, _extract_in_worker, part) for part in parts]
        try:
            done = 0
            for part, future in zip(parts, futures):
                results = await future
                if future is futures[-1]:
                    self._stop()  # the workers exit while the last chunk is written
                done += len(part)
                if progress:
                    progress(done, len(articles))
                yield [ProcessedArticle(a, r) if isinstance(r, ArticleFacts) else r for a, r in zip(part, results)]
        finally:
            for future in futures:
                future.cancel()

    async def close(self) -> None:
        """Stop the workers and wait for them (the serving process stays light: they exit after each reload)."""
        await self._stop()

    def _stop(self) -> "asyncio.Future[None]":
        if self._stopping is None:
            self._stopping = asyncio.get_running_loop().run_in_executor(
                None, functools.partial(self.executor.shutdown, wait=True, cancel_futures=True))
        return self._stopping

    async def __aenter__(self) -> "Extractor":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

