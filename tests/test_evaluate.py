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
