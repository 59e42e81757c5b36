"""Events, domains, organisations, summary and the exported record."""

import re

from bot.export import RECORD_KEYS, article_record


def test_dates_resolved_with_the_article_year(facts_of):
    _, facts = facts_of("The alliance met on 3 March to sign the charter [1]. It was first proposed on May 27, 2023 [1].")
    assert [(e.when, e.date) for e in facts.events] == [("3 March", "2024-03-03"), ("May 27, 2023", "2023-05-27")]


def test_weekday_resolves_to_the_latest_one_before_the_article_date(facts_of):
    _, facts = facts_of("The network was presented on Monday at an online event [1].")
    assert [e.date for e in facts.events] == ["2024-03-04"]  # the article is dated Tuesday 2024-03-05


def test_domains_from_prose_with_evidence(facts_of):
    article, facts = facts_of(
        "The hub will study solid-state batteries for grid storage [1]. Semiconductor plants need the same skills [2].",
        tags="research",
    )
    found = {d.name: d.sentence for d in facts.domains}
    assert "batteries" in found and "semiconductors" in found
    assert "batteries" in article.sentences[found["batteries"]].text


def test_short_and_long_name_are_one_organisation(facts_of):
    _, facts = facts_of(
        "The initiative works with partners such as Litware International USA [1]. "
        "Its founding members are Litware, Contoso and Proseware [1]."
    )
    litware = [o for o in facts.organisations if "Litware" in o.name]
    assert len(litware) == 1 and set(litware[0].aliases) | {litware[0].name} >= {"Litware", "Litware International USA"}


def test_summary_sentences_keep_their_citation_numbers(nlp):
    raw = (
        "Test\n\nTest\n\n2024-03-05 test\n\nSpringfield, Tuesday, 5 March 2024.\n"
        "Contoso and Fabrikam launched the Harbor Robotics Alliance.\n\nNews\n\n"
        "On 4 March 2024, Contoso and Fabrikam launched the Harbor Robotics Alliance with 20 million dollars [1][2]. "
        "Its founding members are Litware and Proseware [3]. The weather was fine [4]. Tailspin Toys said it may join later [5].\n\n"
        "Bronnen\n\n\nrobotics"
    )
    from bot.extract import extract
    from bot.parse import parse_article

    article = parse_article(raw, "901_test.txt")
    facts = extract(article, nlp(article.body))
    assert 2 <= len(facts.summary) <= 3
    for index in facts.summary:
        sentence = article.sentences[index]
        # the markers that follow this sentence in the file are the ones the fact carries
        words = sentence.text.rstrip(".").split()
        match = re.search(r"\s+".join(map(re.escape, words)) + r"\.?((?:\s*\[\d+\])*)", raw)
        assert match, sentence.text
        assert tuple(int(n) for n in re.findall(r"\d+", match.group(1))) == sentence.citations
    assert any(article.sentences[i].citations == (1, 2) for i in facts.summary)


def test_export_record_has_the_gold_keys(facts_of):
    article, facts = facts_of("Contoso launched the Harbor Robotics Alliance [2]. Litware joined it [2][3].")
    record = article_record(article, facts)
    assert tuple(record) == RECORD_KEYS
    assert record["citations"] == {"2": 2, "3": 1}
    assert record["sources"] == [{"n": 2, "url": None, "title": None}, {"n": 3, "url": None, "title": None}]
    assert record["initiatives"] == [{"name": "Harbor Robotics Alliance", "acronym": None, "led_by": "Contoso"}]
    assert record["partners"] == [{"org": "Litware", "initiative": "Harbor Robotics Alliance", "role": "member"}]


def test_listed_sources_carry_url_and_title():
    raw = ("T\n\nT\n\n2024-03-05 x\n\nSpringfield, Tuesday, 5 March 2024.\nLede text here [1].\n\n"
           "Sources\n\n[1] A page - https://example.org/a\n[2] https://example.org/b\n\nx")
    from bot.model import ArticleFacts
    from bot.parse import parse_article

    record = article_record(parse_article(raw, "902.txt"), ArticleFacts())
    assert record["sources"] == [{"n": 1, "url": "https://example.org/a", "title": "A page"},
                                 {"n": 2, "url": "https://example.org/b", "title": None}]
