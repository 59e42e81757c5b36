import pytest

from bot import answers
from bot.store import match_expression

HOSTILE = ['"', '"unbalanced', "flexible OR", "OR", "NEAR(", "NEAR(a b", "*", "manu*", "-x", "a:b", "(", ")",
           "AND NOT", "^start", "'; DROP TABLE article; --", "sentence_fts:flexible", "{text}: x"]


@pytest.mark.parametrize("query", HOSTILE)
async def test_user_text_never_breaks_the_match(filled, query):
    answer = await answers.search(filled, query)
    assert answer.title.startswith("Search:")
    assert (await filled.fetch_one("SELECT count(*) FROM article"))[0] == 2


async def test_search_finds_words_with_article_and_sources(filled):
    answer = await answers.search(filled, 'flexible "zinc-air"')
    assert answer.lines and all(line.sources == (2,) for line in answer.lines)
    assert "**zinc**" in answer.lines[0].text.lower() or "**zinc-air**" in answer.lines[0].text.lower()
    assert answer.lines[0].group.startswith("MIT Initiative to Innovate U.S. Manufacturing")


async def test_search_ignores_case_and_accents(filled):
    assert (await answers.search(filled, "JORG")).lines
    assert (await answers.search(filled, "müller")).lines


def test_match_expression_quotes_every_word():
    assert match_expression('NEAR( "x" OR *') == '"x"'
    assert match_expression("OR") == '"OR"'
    assert match_expression("  ") is None
