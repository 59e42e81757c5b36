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


def test_close_matches_ranks_exactly_like_difflib():
    import difflib
    import random
    import string

    from bot.store.suggest import close_matches

    rng = random.Random(7)
    for _ in range(3000):
        alphabet = rng.choice(("ab ", "abcde ", string.ascii_lowercase + " "))
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        pool = list(dict.fromkeys("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
                                  for _ in range(rng.randint(0, 40))))
        n, cutoff = rng.randint(1, 4), rng.choice((0.0, 0.3, 0.6, 0.8))
        assert close_matches(word, pool, n, cutoff) == difflib.get_close_matches(word, pool, n, cutoff)


def test_misspelt_first_word_is_suggested_among_many_similar_names():
    # 300 names with the same initial and length as the typo, all sorting before it, and a common second word:
    # the typo's only close neighbour in key order is the name it misspells.
    letters = "abcdefghijk"
    fillers = [f"Pa{a}{b}{c}x Systems" for a in letters[:3] for b in letters for c in letters][:300]
    names = fillers + ["Palfal Systems"]
    index = NameIndex([IndexEntry("organisation", name, str(i), entry_keys(name), (), 0)
                       for i, name in enumerate(names)])
    assert index.find("name", "Palfla Systems") == []
    assert "Palfal Systems" in index.suggest("name", "Palfla Systems")


def test_entries_keep_their_keys_order_and_ranks():
    entries = [IndexEntry("article", "B (b.txt)", "2", ("b", "b txt"), ("bb",), 1),
               IndexEntry("article", "A (a.txt)", "1", ("a", "a txt"), (), 0),
               IndexEntry("person", "Jörg Müller", "7", entry_keys("Jörg Müller"), (), -3)]
    index = NameIndex(entries)
    assert len(index) == 3 and len(index.entries["article"]) == 2 and len(index.entries["organisation"]) == 0
    assert index.entries["article"][0] == entries[1]  # lower rank first
    assert index.entries["article"][-1] == entries[0] and index.entries["article"][:5] == [entries[1], entries[0]]
    assert index.find("article", "BB") == [entries[0]]  # a loose key, when no strong key matches
    assert index.find("name", "jorg muller") == [entries[2]]
    assert [e.label for e in index.complete("name", "mul")] == ["Jörg Müller"]  # a later word's start
    assert NameIndex().complete("name", "a") == [] and NameIndex().suggest("name", "abc") == ()
