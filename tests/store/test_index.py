from bot import answers
from bot.store import IndexEntry, NameIndex
from bot.store.index import derived_acronym, entry_keys


async def test_acronym_finds_initiative(filled):
    assert [e.label for e in filled.index.find("initiative", "INM")] == ["Initiative for New Manufacturing (INM)"]
    assert [e.label for e in filled.index.find("initiative", "inm")] == ["Initiative for New Manufacturing (INM)"]


async def test_case_accents_and_acronym_find_names(filled):
    assert filled.index.find("name", "jorg muller")[0].label == "Jörg Müller"
    assert filled.index.find("name", "MASSACHUSETTS institute of technology")[0].label == \
        "Massachusetts Institute of Technology"
    assert filled.index.find("name", "MIT")[0].label == "Massachusetts Institute of Technology"
    assert filled.index.find("name", "flextronics international usa")[0].label == "Flextronics"


async def test_typos_get_suggestions(filled):
    assert filled.index.find("name", "Seimens") == []
    assert "Siemens" in filled.index.suggest("name", "Seimens")
    assert "Initiative for New Manufacturing (INM)" in filled.index.suggest("initiative", "Initiative for New Manufactoring")


async def test_complete_matches_word_starts_and_caps_results(filled):
    labels = [label for label, _ in answers.complete(filled, "initiative", "new manu")]
    assert labels == ["Initiative for New Manufacturing (INM)"]
    assert ("Flextronics", "Flextronics") in answers.complete(filled, "name", "fle")
    articles = answers.complete(filled, "article", "")
    assert [label.split(" (")[0] for label, _ in articles] == [
        "Siemens and MIT open a robotics lab", "MIT Initiative to Innovate U.S. Manufacturing"]  # most recent first
    assert all(value.isdigit() for _, value in articles)


def test_complete_is_bounded_on_a_large_index():
    entries = [IndexEntry("organisation", f"Company {i:05d}", str(i), entry_keys(f"Company {i:05d}"), (), i)
               for i in range(20_000)]
    index = NameIndex(entries)
    found = index.complete("name", "company 1", limit=25)
    assert len(found) == 25 and all(e.label.startswith("Company 1") for e in found)
    assert [e.label for e in index.complete("name", "company 1999", limit=25)][0] == "Company 19990"
    assert derived_acronym("Initiative for New Manufacturing") == ("inm",)
