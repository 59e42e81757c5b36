"""Quality floor on the shared corpus: runs parse -> extract -> export -> score and prints the table."""

from pathlib import Path

import pytest

from bot.evaluate import DEFAULT_ARTICLES, DEFAULT_GOLD, evaluate_dir, format_report, same_org, same_role

FLOORS = {"partners": 0.90, "partners_role": 0.80, "initiatives": 0.85, "people_role_org": 0.95}


def test_name_matching_follows_the_corpus_advice():
    assert same_org("The U.S. Department of Energy", "Department of Energy")
    assert same_org("Flextronics International USA", "Flextronics")
    assert same_org("NSF", "National Science Foundation")
    assert not same_org("National Science Foundation", "National Institutes of Health")
    assert same_role("Commerce Secretary", "Secretary of Commerce")
    assert not same_role("CEO", "Chief Technology Officer")


@pytest.mark.skipif(not Path(DEFAULT_GOLD).is_dir(), reason="shared corpus not present")
def test_corpus_scores_stay_above_the_floor(nlp):
    report = evaluate_dir(nlp, DEFAULT_ARTICLES, DEFAULT_GOLD)
    table = format_report(report)
    print("\n" + table + "\n" + "\n".join(report.misses))
    assert report.articles == 17
    low = {name: round(report.f1(name), 3) for name, floor in FLOORS.items() if report.f1(name) < floor}
    assert not low, f"below the floor: {low}\n{table}"
    assert report.rates["distractors"].value >= 0.90, table
    rouge = report.rouge
    assert rouge["ours"]["rouge2"] >= rouge["lead3"]["rouge2"] + 0.03, table


def _table_rows(output: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (line.split() for line in output.splitlines()) if len(parts) >= 2}


@pytest.mark.skipif(not Path(DEFAULT_GOLD).is_dir(), reason="shared corpus not present")
def test_factbot_eval_through_the_database_meets_the_goals(tmp_path):
    """`factbot eval` as a user runs it: ingest (worker processes) -> SQLite -> export -> score."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "bot", "eval"], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    print("\n" + done.stdout)
    assert done.returncode == 0, done.stderr
    rows = _table_rows(done.stdout)
    assert rows["articles"] == ["scored:", "17"]
    for metric, floor in FLOORS.items():
        assert float(rows[metric][2]) >= floor, (metric, done.stdout)
    for exact in ("title", "date", "location", "citations", "source_urls"):
        assert float(rows[exact][0]) == 1.0, (exact, done.stdout)
    assert float(rows["distractors"][0]) >= 0.90
    ours, lead3 = float(rows["rouge2"][0]), float(rows["rouge2"][1])
    assert ours >= lead3 + 0.03, done.stdout
