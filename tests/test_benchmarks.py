"""The serving side never imports spaCy, the corpus generator is deterministic and in the seed layout, and
every benchmark runs end to end with a tiny corpus and prints its table (no timing assertions)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import BENCHMARKS
from benchmarks.corpus import generate
from bot.parse import parse_article

REPO = Path(__file__).resolve().parents[1]

SERVING_IMPORTS = """
import importlib, sys
import bot.answers, bot.client, bot.client.run, bot.render.embeds, bot.render.text, bot.store
from bot.client.extensions import discover_extensions
names = discover_extensions()
for name in names:
    importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch'))
heavy += [m for m in ('bot.nlp', 'bot.extract') if m in sys.modules]
print(len(names), ' '.join(heavy))
"""


def test_importing_the_bot_and_every_cog_does_not_import_spacy():
    proc = subprocess.run([sys.executable, "-c", SERVING_IMPORTS], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    count, _, heavy = proc.stdout.strip().partition(" ")
    assert int(count) >= 2, "no cogs were found, so the check proved nothing"
    assert heavy == "", f"the serving process imported {heavy}"


def test_generated_corpus_is_deterministic_and_parses_with_its_facts():
    first, again, other = generate(8, seed=3), generate(8, seed=3), generate(8, seed=4)
    assert [a.text for a in first] == [a.text for a in again]
    assert [a.text for a in first] != [a.text for a in other]
    for generated in first:
        article = parse_article(generated.text, generated.file)
        story = generated.story
        assert article.location == story.city
        assert article.date == story.published.isoformat()
        assert story.initiative in article.body and story.acronym in article.body
        assert all(org in article.body for org in story.founders + story.members)
        assert all(person.name in article.body for person in story.people)
        cited = set(article.citation_counts())
        assert cited and cited <= set(range(1, len(story.sources) + 1))
        if "no-sources-section" not in story.variant and "empty-sources" not in story.variant:
            assert [s.n for s in article.sources] == list(range(1, len(story.sources) + 1))
    words = [a.words for a in generate(60, seed=1)]
    assert 300 <= sum(words) / len(words) <= 400


@pytest.fixture(scope="module")
def all_benchmarks() -> str:
    """`python -m benchmarks --n 12`: every benchmark once, on a tiny corpus."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--n", "12"], capture_output=True, text=True,
                          cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc.stdout


def test_the_run_prints_machine_and_command(all_benchmarks):
    assert re.search(r"^machine: cpus \d+ .*python CPython 3\.\d+.*spacy 3\.8", all_benchmarks, re.M)
    assert "command: python -m benchmarks --n 12" in all_benchmarks
    assert "not available" not in all_benchmarks, all_benchmarks


@pytest.mark.parametrize("name", BENCHMARKS)
def test_each_benchmark_prints_figures(all_benchmarks, name):
    rows = [line.split(" | ") for line in all_benchmarks.splitlines() if line.startswith(f"{name} ")]
    assert rows, f"no {name} rows in:\n{all_benchmarks}"
    for cells in rows:
        assert len(cells) == 7, cells
        assert re.match(r"\d[\d,.]*", cells[2].strip()), cells  # a measured value
        assert cells[6].strip() in ("yes", "NO", "-"), cells
    assert any(cells[5].strip() != "-" for cells in rows), f"{name} checks no goal"
