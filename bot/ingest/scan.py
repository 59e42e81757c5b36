"""Finding article files, hashing them and parsing the new or changed ones (no spaCy here).

Runs in a thread: stat, read and sha256 of unchanged files is all a no-op reload costs.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bot.model import Article
from bot.parse import ArticleError, parse_article
from bot.settings import Settings


@dataclass(slots=True)
class Scan:
    """The outcome of comparing files with what the store holds."""

    new: list[Article] = field(default_factory=list)
    changed: list[Article] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # file names present (rejected ones included)
    # Read and hashed but not parsed yet: (name, content, stored before). `parse_pending` empties it.
    pending: list[tuple[str, bytes, bool]] = field(default_factory=list)


def folder_files(folder: Path) -> list[Path]:
    """The candidate article files of a folder: every visible regular file (not recursive).

    Non-articles are not skipped by extension: they are rejected with a reason, so a stray file is noticed."""
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~")) and not p.name.endswith("~")
                  and not p.is_dir())


def expand(paths: list[Path]) -> list[Path]:
    """Command-line paths: folders give their files, files stay (missing ones are rejected later)."""
    files: list[Path] = []
    for path in paths:
        files.extend(folder_files(path) if path.is_dir() else [path])
    return files


def scan(files: list[Path], stored: dict[str, str], settings: Settings) -> Scan:
    """Hash every file; parse the ones whose content hash differs from the stored one."""
    result = hash_files(files, stored, settings)
    parse_pending(result, settings)
    return result


def hash_files(files: list[Path], stored: dict[str, str], settings: Settings) -> Scan:
    """Read and hash every file; the ones whose hash differs from the stored one become `pending`."""
    result = Scan()
    by_name = {path.name: path for path in files}  # the same name twice: the last one wins
    for name, path in by_name.items():
        result.seen.add(name)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise ArticleError("not a regular file")
            if info.st_size > settings.factbot_max_file_bytes:  # checked before reading a byte
                raise ArticleError(f"file too large ({info.st_size:,} bytes; limit {settings.factbot_max_file_bytes:,})")
            raw = path.read_bytes()
        except FileNotFoundError:
            result.rejected.append((name, "file not found"))
            continue
        except ArticleError as exc:
            result.rejected.append((name, str(exc)))
            continue
        except OSError as exc:
            result.rejected.append((name, f"cannot read: {exc.strerror or exc}"))
            continue
        if stored.get(name) == hashlib.sha256(raw).hexdigest():
            result.unchanged.append(name)
        else:
            result.pending.append((name, raw, name in stored))
    return result


def parse_pending(result: Scan, settings: Settings, *, until_one: bool = False) -> bool:
    """Parse pending files into `new`/`changed` (or `rejected`), in order; with `until_one`, stop after the
    first that parses, so a caller can start spaCy only once there is an article for it. True if any
    article is parsed by now."""
    taken = 0
    for name, raw, known in result.pending:
        taken += 1
        try:
            article = parse_article(raw, name, max_sentences=settings.factbot_max_sentences,
                                    max_citations=settings.factbot_max_citations)
        except ArticleError as exc:
            result.rejected.append((name, str(exc)))
            continue
        (result.changed if known else result.new).append(article)
        if until_one:
            break
    del result.pending[:taken]
    return bool(result.new or result.changed)
