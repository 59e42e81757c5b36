"""The parser on the seed, the corpus layout variants and malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.parse import ArticleError, parse_article, parse_file

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_cd5db82c5d4ec0f6.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


def test_seed_header_fields():
    article = parse_file(SEED)
    assert article.title == "MIT Initiative to Innovate U.S. Manufacturing"
    assert (article.date, article.topic, article.location) == ("2025-05-28", "flextronics", "Cambridge")
    assert article.sources_header == "Bronnen" and article.sources == ()
    assert article.tags == ("innovation", "manufacturing")
    assert article.sections[1:] == (
        "Launching a New Era of Manufacturing",
        "Key Goals and Collaborations",
        "The Impact of Flexible Electronics",
        "Future Prospects and Technological Synergy",
    )


def test_seed_markers_are_stripped_but_kept_on_their_sentence():
    article = parse_file(SEED)
    first = article.sentences[1]
    assert first.text.endswith("cutting-edge technologies and job creation.")
    assert "[1]" not in article.body and first.citations == (1,)
    assert article.citation_counts() == {1: 6, 2: 2}
    # Every sentence text sits at its offset in the body spaCy sees.
    assert all(article.body[s.start : s.start + len(s.text)] == s.text for s in article.sentences)


def test_unmarked_sentence_is_backed_by_the_next_marker_in_its_paragraph():
    members = next(s for s in parse_file(SEED).sentences if "six founding members" in s.text)
    assert members.citations == () and members.backing == (1,)


def test_initials_and_dotted_acronyms_do_not_end_sentences():
    article = parse_article("T\n\nMIT President Sally A. Kornbluth spoke. The U.S. Department of Energy paid [1].", "a.txt")
    assert [s.text for s in article.sentences] == [
        "MIT President Sally A. Kornbluth spoke.",
        "The U.S. Department of Energy paid.",
    ]


def test_adjacent_markers_count_separately_and_markers_after_the_period_stay_with_their_sentence():
    article = parse_article("T\n\nFirst claim.[1][2] Second claim. [3]\n\nBronnen\n\n[1] A - https://a.example/x", "a.txt")
    assert [s.citations for s in article.sentences] == [(1, 2), (3,)]
    assert article.citation_counts() == {1: 1, 2: 1, 3: 1}


@pytest.mark.parametrize("stem", sorted(p.stem for p in (CORPUS / "articles").glob("*.txt")))
def test_corpus_layout_matches_gold(stem):
    article = parse_file(CORPUS / "articles" / f"{stem}.txt")
    gold = json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    assert (article.title, article.date, article.location) == (gold["title"], gold["date"], gold["location"])
    assert {str(n): c for n, c in article.citation_counts().items()} == gold["citations"]
    listed = {s.n: (s.url, s.title) for s in article.sources}
    for source in gold["sources"]:
        if source["url"] or source["title"]:
            assert listed[source["n"]] == (source["url"], source["title"])


def test_markdown_headings_and_crlf():
    text = "# A Title\r\n\r\n2024-01-02 tag\r\n\r\nParis, Tuesday, 2 January 2024.\r\nLede here [1].\r\n\r\n## Part One\r\nBody text [2].\r\n\r\n## Sources\r\n\r\n[1] https://x.example/1\r\n\r\nalpha beta"
    article = parse_article(text, "md.txt")
    assert article.title == "A Title" and article.location == "Paris" and article.date == "2024-01-02"
    assert article.sections == (None, "Part One")
    assert [s.text for s in article.sentences] == ["Lede here.", "Body text."]
    assert article.sources[0].url == "https://x.example/1" and article.sources[0].title is None
    assert article.tags == ("alpha", "beta")


def test_missing_parts_are_none():
    article = parse_article("Just one paragraph of prose, with no title line at all.", "bare.txt")
    assert article.date is None and article.location is None and article.sources_header is None
    assert len(article.sentences) == 1


def test_dateline_date_is_used_when_the_date_line_is_missing():
    article = parse_article("Title\n\nBerlin, Tuesday, 2 March 2021.\nLede.\n", "d.txt")
    assert (article.date, article.location, article.topic) == ("2021-03-02", "Berlin", None)


def test_utf16_with_bom_is_read():
    raw = "Title\n\nLede sentence here.".encode("utf-16")
    assert parse_article(raw, "u16.txt").sentences[0].text == "Lede sentence here."


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"Title\n\n\xff\xfe\xfa broken", "not UTF-8"),
        (b"Only A Title\n\nOnly A Title\n", "no article prose"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(raw, reason):
    with pytest.raises(ArticleError, match=reason):
        parse_article(raw, "bad.txt")


def test_limits_reject_oversized_articles(tmp_path):
    with pytest.raises(ArticleError, match="too many citation markers"):
        parse_article("T\n\n" + "Claim [1]. " * 50, "many.txt", max_citations=10)
    big = tmp_path / "big.txt"
    big.write_bytes(b"T\n\n" + b"word " * 1000)
    with pytest.raises(ArticleError, match="too large"):
        parse_file(big, max_bytes=100)


def test_company_suffix_ends_a_sentence_when_a_new_sentence_clearly_starts():
    article = parse_article("T\n\nThe hub was founded by Acme Corp. The alliance grew. Beta Inc. Holdings joined.", "c.txt")
    assert [s.text for s in article.sentences] == [
        "The hub was founded by Acme Corp.",
        "The alliance grew.",
        "Beta Inc. Holdings joined.",
    ]
