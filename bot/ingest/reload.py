"""Reloading the store from the seeds folder (or given files), and ingesting one uploaded file."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from bot.ingest.report import IngestError, IngestReport
from bot.ingest.scan import expand, folder_files, scan
from bot.ingest.workers import extract
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

    Unchanged files (same sha256) are skipped without loading spaCy. `nlp` runs extraction in a thread of
    this process instead of worker processes (tests, or a caller that already has a pipeline)."""
    started = time.perf_counter()
    report = IngestReport()
    async with store.write_lock:
        stored = await store.file_hashes()
        files = await asyncio.to_thread(expand, paths) if paths is not None else await asyncio.to_thread(
            folder_files, Path(seeds))
        found = await asyncio.to_thread(scan, files, stored, settings)
        report.unchanged = sorted(found.unchanged)
        report.rejected = sorted(found.rejected)
        removals = sorted(name for name in stored if name not in found.seen) if paths is None else []
        # A stored article whose file is now rejected loses its facts: the folder is the truth.
        removals += sorted(name for name, _ in found.rejected if name in stored and name not in removals)
        scanned = time.perf_counter()

        articles = found.new + found.changed
        outcomes = await extract(articles, model=settings.spacy_model, workers=settings.factbot_workers, nlp=nlp,
                                 progress=progress) if articles else []
        extracted = time.perf_counter()
        processed = [o for o in outcomes if isinstance(o, ProcessedArticle)]
        failed = [o for o in outcomes if not isinstance(o, ProcessedArticle)]
        report.rejected = sorted(report.rejected + failed)
        report.processed = sorted(a.file for a in articles)
        ok = {p.article.file for p in processed}
        report.added = sorted(a.file for a in found.new if a.file in ok)
        report.changed = sorted(a.file for a in found.changed if a.file in ok)
        removals += sorted(name for name, _ in failed if name in stored and name not in removals)
        report.removed = sorted(removals)

        try:
            await store.apply(WritePlan(upserts=processed, removals=removals))
        except Exception as exc:
            raise IngestError(f"reload failed, the previous facts are kept: {type(exc).__name__}: {exc}") from exc
        finished = time.perf_counter()
    report.durations = {"scan": scanned - started, "extract": extracted - scanned, "write": finished - extracted,
                        "total": finished - started}
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
