"""SIGKILL the ingest CLI at random moments: the database is intact and holds the old state or the new, never half."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hardening.hostile import article
from tests.hardening.serving import ROOT, SEED

KILL_RUNS = 5
RANDOM_SEED = 20250528
VOLATILE_COLUMNS = {"ingested_at", "applied_at"}  # wall-clock times, different in every run


def canonical_dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables aside) minus timestamps, sorted: the database's facts."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'sentence_fts%' ORDER BY name")]
        dump = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE_COLUMNS]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        conn.close()


def check_integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO sentence_fts (sentence_fts) VALUES ('integrity-check')")  # raises if corrupt
    finally:
        conn.close()


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (the WAL included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def start_ingest(folder: Path, db: Path, cwd: Path) -> subprocess.Popen:
    """`python -m bot ingest FOLDER --db DB` in its own process group (its spawned workers included)."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "FACTBOT_WORKERS": "1"}
    return subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder), "--db", str(db)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def run_ingest(folder: Path, db: Path, cwd: Path) -> float:
    started = time.monotonic()
    process = start_ingest(folder, db, cwd)
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, (out.decode(), err.decode())
    return time.monotonic() - started


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """Folder A (the seed), folder B (the seed edited, two articles added); the database after A and after B."""
    tmp = tmp_path_factory.mktemp("crash")
    old, new = tmp / "old", tmp / "new"
    old.mkdir()
    new.mkdir()
    (old / SEED.name).write_bytes(SEED.read_bytes())
    (new / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace(
        "\nBronnen", "\nA Later Note\n\nSiemens later joined a second pilot line run by MIT [1].\n\nBronnen"),
        encoding="utf-8")
    for n, city in ((1, "Delft"), (2, "Leuven")):
        (new / f"10{n}_added.txt").write_text(article(f"{city} opens a battery pilot line", [
            f"The {city} Battery Pilot Line was launched by the {city} Institute of Technology [1].",
            "Umicore and BASF joined the pilot line as founding members [1].",
            f"Ana Costa, director of the {city} Battery Pilot Line, said production starts in 2026 [1].",
        ], ["[1] Press release - https://press.example/pilot"], city=f"{city}, Tuesday, 3 June 2025."),
            encoding="utf-8")
    old_db, new_db = tmp / "old.db", tmp / "new.db"
    run_ingest(old, old_db, tmp)
    copy_db(old_db, new_db)
    duration = run_ingest(new, new_db, tmp)
    old_state, new_state = canonical_dump(old_db), canonical_dump(new_db)
    assert old_state != new_state and len(new_state["article"]) == len(old_state["article"]) + 2
    return tmp, new, old_db, old_state, new_state, duration


def test_old_and_new_states_are_reproducible(states, tmp_path):
    """The comparison below is only meaningful if a finished run always produces the same dump."""
    tmp, new, old_db, _, new_state, _ = states
    again = tmp_path / "again.db"
    copy_db(old_db, again)
    run_ingest(new, again, tmp)
    assert canonical_dump(again) == new_state


def test_sigkill_mid_ingest_leaves_the_old_or_the_new_state(states, tmp_path):
    tmp, new, old_db, old_state, new_state, duration = states
    rng = random.Random(RANDOM_SEED)
    outcomes = []
    for run in range(KILL_RUNS):
        db = tmp_path / f"killed{run}.db"
        copy_db(old_db, db)
        # Stratified delays over the whole run (and a little past it), so early and late kills both happen.
        delay = duration * 1.1 * (run + rng.random()) / KILL_RUNS
        process = start_ingest(new, db, tmp)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        check_integrity(db)
        state = canonical_dump(db)
        assert state in (old_state, new_state), f"run {run} killed after {delay:.2f}s left a third state"
        outcomes.append("old" if state == old_state else "new")
    print(f"kill outcomes over {KILL_RUNS} runs: {outcomes}")
