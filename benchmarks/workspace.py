"""What several benchmarks share: child interpreters that answer in JSON, and a cached synthetic database.

A 10,000-article database takes a while even without spaCy, so it is built once per (n, seed, code
version) under the temp folder and copied for each run; the key includes the source of the store and
the generator, so a schema change builds a new one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "factbot-bench-cache"


class ChildFailed(RuntimeError):
    """A child interpreter exited badly; the message is the last line of its stderr."""


def run_child(module: str, args: Sequence[str], *, env: dict[str, str] | None = None,
              timeout: float = 900) -> dict:
    """Run `python -m module --child args...` from the repository root; return the last JSON line it printed."""
    proc = subprocess.run([sys.executable, "-m", module, "--child", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout)
    answers = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not answers:
        tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}, no output"])[-1]
        raise ChildFailed(tail)
    return json.loads(answers[-1])


def answer(result: dict) -> int:
    """What a child's `main` does with its result: one JSON line on stdout."""
    print(json.dumps(result), flush=True)
    return 0


def _code_version() -> str:
    digest = hashlib.sha256()
    sources = sorted((ROOT / "bot" / "store").glob("*.py")) + [ROOT / "bot" / "parse" / "article.py",
                                                               ROOT / "benchmarks" / "corpus.py",
                                                               ROOT / "benchmarks" / "facts.py"]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


async def _build(path: Path, n: int, seed: int) -> None:
    from benchmarks.facts import processed_articles
    from bot.store.store import FactStore
    from bot.store.write import WritePlan, apply_plan

    await (await FactStore.open(path)).close()  # creates and migrates the file
    batch: list = []
    # The store's own writer, without FactStore.apply's index rebuild after every batch (nobody reads yet).
    for processed in processed_articles(n, seed):
        batch.append(processed)
        if len(batch) == 1000:  # bounded memory; each batch is one transaction
            await asyncio.to_thread(apply_plan, str(path), WritePlan(upserts=batch))
            batch = []
    if batch:
        await asyncio.to_thread(apply_plan, str(path), WritePlan(upserts=batch))


def synthetic_db(n: int, seed: int, into: Path) -> Path:
    """A fresh copy, at `into`/facts.db, of a database holding `n` synthetic articles (see benchmarks.facts)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"synthetic-{n}-{seed}-{_code_version()}.db"
    if not cached.exists():
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        asyncio.run(_build(partial, n, seed))
        _checkpoint(partial)
        os.replace(partial, cached)
    target = into / "facts.db"
    shutil.copyfile(cached, target)
    return target


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so a plain file copy is the whole database."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
