"""`factbot` subcommands run in-process through `main([...])`, checking what a user sees and the exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import get_settings
from bot.store import FactStore, WritePlan
from tests.store.seed_facts import FOUNDERS, SEED, other_article, seed_processed

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def db(tmp_path):
    path = tmp_path / "facts.db"
    async with await FactStore.open(path) as store:
        await store.apply(WritePlan(upserts=[seed_processed(), other_article()]))
    return str(path)


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Settings from the environment, as a user would configure them."""
    def configure(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
    monkeypatch.chdir(tmp_path)  # no stray .env
    yield configure
    get_settings.cache_clear()


def test_help_as_a_subprocess():
    out = subprocess.run([sys.executable, "-m", "bot", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("ingest", "partners", "summary", "sources", "people", "search", "about", "stats", "export", "eval"):
        assert command in out.stdout


def test_ingest_reports_rejects_and_exits_1(tmp_path, env, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    (seeds / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (seeds / "empty.txt").write_bytes(b"")
    env(FACTBOT_SEEDS=str(seeds), FACTBOT_DB=str(tmp_path / "data" / "facts.db"))
    assert main(["ingest"]) == 1  # real spawned worker, real pipeline
    out = capsys.readouterr().out
    assert "1 added, 0 changed, 0 unchanged, 0 removed, 2 rejected" in out
    assert "photo.png — binary file" in out and "empty.txt — empty file" in out
    (seeds / "photo.png").unlink()
    (seeds / "empty.txt").unlink()
    assert main(["ingest", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unchanged"] == [SEED.name] and report["processed"] == [] and report["exit_code"] == 0
    assert main(["partners"]) == 0
    out = capsys.readouterr().out
    assert all(f"{org} — founding member [1]" in out for org in FOUNDERS)


def test_partners_text_and_json(db, capsys):
    assert main(["partners", "--db", db, "--article", SEED.name]) == 0
    out = capsys.readouterr().out
    assert "Founding members:" in out and "Amgen — founding member [1]" in out
    assert main(["partners", "--db", db, "--initiative", "inm", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(p["org"] for p in data["partners"]) == sorted(FOUNDERS)


def test_sources_summary_people_search_about_stats(db, capsys):
    assert main(["sources", "--db", db, "--article", SEED.name]) == 0
    assert "Source 1: cited in 6 sentences" in capsys.readouterr().out
    assert main(["summary", "--db", db, "--article", SEED.name, "--sentences", "2"]) == 0
    assert capsys.readouterr().out.count("\n- ") == 2
    assert main(["people", "--db", db]) == 0
    assert "Jörg Müller — head of research, Siemens" in capsys.readouterr().out
    assert main(["search", "--db", db, 'NEAR(', '"zinc', "OR", "*"]) == 0
    assert "**zinc" in capsys.readouterr().out
    assert main(["about", "--db", db, "Massachusetts", "Institute", "of", "Technology"]) == 0
    assert "leads Initiative for New Manufacturing (INM) [1]" in capsys.readouterr().out
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2


def test_unknown_name_exits_1_with_suggestions(db, capsys):
    assert main(["about", "--db", db, "Seimens"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Did you mean: Siemens?" in captured.err


def test_usage_errors_exit_2(capsys):
    assert main(["summary", "--sentences", "three"]) == 2
    assert main(["frobnicate"]) == 2
    assert main([]) == 2


def test_errors_are_one_line_without_traceback(tmp_path, capsys):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["stats", "--db", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_export_writes_one_gold_record_per_article(db, capsys):
    assert main(["export", "--db", db]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in records] == [SEED.name, "200_other.txt"]
    seed = records[0]
    assert seed["citations"] == {"1": 6, "2": 2}
    assert [p["org"] for p in seed["partners"]] == list(FOUNDERS)
