"""The seed article's facts (see the corpus gold file for 000_cd5db82c5d4ec0f6)."""

from pathlib import Path

import pytest

from bot.extract import process
from bot.names import core_key
from bot.parse import parse_file

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_cd5db82c5d4ec0f6.txt"
FOUNDERS = ["Amgen", "Flextronics", "GE Vernova", "PTC", "Sanofi", "Siemens"]


@pytest.fixture(scope="module")
def seed(nlp):
    [processed] = process(nlp, [parse_file(SEED)])
    return processed


def test_initiative_acronym_and_leader(seed):
    [inm] = seed.facts.initiatives
    assert (inm.name, inm.acronym, inm.led_by) == ("Initiative for New Manufacturing", "INM",
                                                   "Massachusetts Institute of Technology")


def test_six_founding_members_backed_by_source_1(seed):
    partners = {p.org: p for p in seed.facts.partners}
    assert sorted(partners) == FOUNDERS
    for p in partners.values():
        assert (p.initiative, p.role) == ("Initiative for New Manufacturing", "founding_member")
        assert 1 in seed.article.sentences[p.sentence].backing


def test_president_of_mit(seed):
    [person] = seed.facts.people
    assert (person.name, person.role, person.org) == ("Sally A. Kornbluth", "President",
                                                      "Massachusetts Institute of Technology")
    assert 1 in seed.article.sentences[person.sentence].backing


def test_flextronics_is_one_organisation(seed):
    flex = [o for o in seed.facts.organisations if core_key(o.name) == "flextronics"]
    assert len(flex) == 1 and "Flextronics International USA" in (flex[0].name, *flex[0].aliases)
