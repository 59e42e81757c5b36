"""Reloading the store from the seeds folder (or given files), and ingesting one uploaded file."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

from bot.ingest.report import IngestError, IngestReport
from bot.ingest.scan import expand, folder_files, hash_files, parse_pending
from bot.ingest.workers import Extractor
from bot.model import ProcessedArticle
from bot.parse import ArticleError, parse_article
from bot.settings import Settings
from bot.store import FactStore, WritePlan

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[int, int], Any]
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,150}")
UPLOAD_SUFFIXES = (".txt", ".md")


async def reload(store: FactStore, seeds: Path, settings: Settings, *, paths: list[Path] | None = None,
                 progress: Progress | None = None, nlp: "Language | None" = None) -> IngestReport:
    """Bring the store in line with `seeds` (or only with `paths`, removing nothing) in one transaction.

    Unchanged files (same sha256) are skipped without loading spaCy. The spaCy workers start as soon as
    one changed file parses, and load the model while the rest are parsed; each chunk of results is
    written into the open transaction as it arrives. `nlp` runs extraction in a thread of this process
    instead of worker processes (tests, or a caller that already has a pipeline)."""
    started = time.perf_counter()
    report = IngestReport()
    async with store.write_lock:
        stored = await store.file_hashes()
        files = await asyncio.to_thread(expand, paths) if paths is not None else await asyncio.to_thread(
            folder_files, Path(seeds))
        found = await asyncio.to_thread(hash_files, files, stored, settings)
        async with contextlib.AsyncExitStack() as stack:
            extractor = None
            if await asyncio.to_thread(parse_pending, found, settings, until_one=True):
                extractor = await stack.enter_async_context(Extractor(
                    model=settings.spacy_model, workers=settings.factbot_workers,
                    expected=1 + len(found.pending), nlp=nlp))
            await asyncio.to_thread(parse_pending, found, settings)  # while the workers load the model
            scanned = time.perf_counter()
            report.unchanged = sorted(found.unchanged)
            removals = sorted(name for name in stored if name not in found.seen) if paths is None else []
            # A stored article whose file is now rejected loses its facts: the folder is the truth.
            removals += sorted(name for name, _ in found.rejected if name in stored and name not in removals)
            articles = found.new + found.changed
            failed: list[tuple[str, str]] = []
            arrived: list[float] = []  # when each chunk's results came back

            async def pieces() -> AsyncIterator[WritePlan]:
                yield WritePlan(removals=removals)
                if extractor is None:
                    return
                async with contextlib.aclosing(extractor.outcomes(articles, progress)) as parts:
                    async for outcomes in parts:
                        arrived.append(time.perf_counter())
                        done = [o for o in outcomes if isinstance(o, ProcessedArticle)]
                        bad = [o for o in outcomes if not isinstance(o, ProcessedArticle)]
                        failed.extend(bad)
                        # A stored file whose new version fails extraction loses its old facts too.
                        yield WritePlan(upserts=done, removals=[name for name, _ in bad if name in stored])

            try:
                async with contextlib.aclosing(pieces()) as stream:
                    await store.apply_stream(stream)
            except Exception as exc:
                raise IngestError(f"reload failed, the previous facts are kept: {type(exc).__name__}: {exc}") from exc
        finished = time.perf_counter()
    report.rejected = sorted(found.rejected + failed)
    report.processed = sorted(a.file for a in articles)
    ok = {a.file for a in articles} - {name for name, _ in failed}
    report.added = sorted(a.file for a in found.new if a.file in ok)
    report.changed = sorted(a.file for a in found.changed if a.file in ok)
    report.removed = sorted(set(removals) | {name for name, _ in failed if name in stored})
    # The writes overlap extraction: `write` is only what is left after the last chunk came back.
    extracted = arrived[-1] if arrived else scanned
    report.durations = {"scan": scanned - started, "extract": extracted - scanned, "write": finished - extracted,
                        "total": finished - started}
    if arrived:
        report.durations["first_chunk"] = arrived[0] - started  # worker start-up plus one chunk
    return report


async def ingest_upload(store: FactStore, seeds: Path, name: str, data: bytes, settings: Settings, *,
                        nlp: "Language | None" = None) -> IngestReport:
    """Validate one uploaded article, then save it in `seeds` and ingest it; an invalid upload writes nothing."""
    try:
        safe = safe_file_name(name)
        if len(data) > settings.factbot_max_file_bytes:
            raise ArticleError(f"file too large ({len(data):,} bytes; limit {settings.factbot_max_file_bytes:,})")
        await asyncio.to_thread(parse_article, data, safe, max_sentences=settings.factbot_max_sentences,
                                max_citations=settings.factbot_max_citations)
    except ArticleError as exc:
        return IngestReport(rejected=[(name, str(exc))])
    target = await asyncio.to_thread(_write_atomically, Path(seeds), safe, data)
    return await reload(store, seeds, settings, paths=[target], nlp=nlp)


def safe_file_name(name: str) -> str:
    """The upload's name if it is a plain file name in the allowed form, else ArticleError (no path parts)."""
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise ArticleError("file name must not contain a path")
    if not _SAFE_NAME.fullmatch(name):
        raise ArticleError("file name may use letters, digits, '.', '_', '-' and spaces, and must not start with '.'")
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise ArticleError(f"only {' or '.join(UPLOAD_SUFFIXES)} article files are accepted")
    return name


def _write_atomically(folder: Path, name: str, data: bytes) -> Path:
    """Write then rename, so a reload running elsewhere never reads half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
