"""answer_to_embeds: pages within Discord's limits, sources on every line, inert article text."""

from __future__ import annotations

import re

import discord
import pytest

from bot.render.answer import Answer, Line
from bot.render.embeds import (DESCRIPTION_MAX, FIELD_VALUE_MAX, FOOTER_MAX, MESSAGE_EMBED_TOTAL, TITLE_MAX,
                               answer_to_embeds, escape)


def within_limits(embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= TITLE_MAX
    assert len(data.get("description", "")) <= DESCRIPTION_MAX
    assert len(data.get("fields", [])) <= 25
    for f in data.get("fields", []):
        assert 1 <= len(f["name"]) <= 256 and 1 <= len(f["value"]) <= FIELD_VALUE_MAX
    assert len(data.get("footer", {}).get("text", "")) <= FOOTER_MAX
    assert len(embed) <= MESSAGE_EMBED_TOTAL


def test_short_answer_is_one_page_with_sources_and_provenance() -> None:
    answer = Answer(title="Partners of INM", provenance="Article: INM (000.txt, 2025-05-28)",
                    lines=(Line("Amgen — founding member", (1,)), Line("Siemens — founding member", (1, 2))))
    [embed] = answer_to_embeds(answer)
    assert embed.title == "Partners of INM"
    assert "Amgen — founding member [1]" in embed.description
    assert "Siemens — founding member [1][2]" in embed.description
    assert embed.footer.text == "Article: INM (000.txt, 2025-05-28)"  # no "page 1/1" on a single page
    within_limits(embed)


def test_long_answer_splits_on_line_boundaries_and_numbers_pages() -> None:
    lines = tuple(Line(f"Organisation number {i} takes part", (i % 7 + 1,)) for i in range(100))
    embeds = answer_to_embeds(Answer(title="Many", lines=lines, provenance="Article: X"))
    assert len(embeds) > 1
    shown = [row for e in embeds for row in e.description.split("\n")]
    assert shown == [line.render() for line in lines]  # nothing lost, nothing cut, order kept
    for i, embed in enumerate(embeds, start=1):
        assert embed.footer.text.endswith(f"page {i}/{len(embeds)}")
        assert embed.footer.text.startswith("Article: X")
        within_limits(embed)


def test_huge_lines_and_fields_stay_within_every_limit() -> None:
    giant = "x" * 9000
    answer = Answer(title="T" * 400, intro="i" * 5000, provenance="p" * 3000,
                    lines=(Line(giant, (3,)), Line("short", (1,)), Line(giant)) + tuple(Line("y" * 900) for _ in range(20)),
                    extra={f"k{i}": "v" * 2000 for i in range(30)})
    embeds = answer_to_embeds(answer)
    for embed in embeds:
        within_limits(embed)
    assert embeds[0].title.endswith("…")
    assert any(row.startswith("short") for e in embeds for row in e.description.split("\n"))
    assert sum(row.endswith("…") for e in embeds for row in e.description.split("\n")) >= 2


def test_groups_get_headings_repeated_on_continuation_pages() -> None:
    lines = tuple(Line(f"Org {i}", (1,), group="founding_member" if i < 20 else "funder") for i in range(30))
    embeds = answer_to_embeds(Answer(title="Partners", lines=lines))
    text = [e.description for e in embeds]
    assert text[0].startswith("**founding\\_member**")
    assert "**founding\\_member** (cont.)" in text[1]
    assert "**funder**" in "\n".join(text)


def test_article_text_cannot_ping_or_format() -> None:
    hostile = "@everyone look at <@123> and <@&456> **bold** [link](http://evil) # Heading"
    [embed] = answer_to_embeds(Answer(title="@here *t*", lines=(Line(hostile, (1,)),), provenance="<@!99>"))
    everything = f"{embed.title}\n{embed.description}\n{embed.footer.text}"
    assert not re.search(r"@(everyone|here)\b", everything)
    assert not re.search(r"<@[!&]?\d+>", everything)
    assert "\\*\\*bold\\*\\*" in embed.description and "\\[link]" in embed.description
    assert embed.description.endswith("[1]")  # source marks themselves stay readable


def test_empty_answer_shows_its_empty_text() -> None:
    [embed] = answer_to_embeds(Answer(title="People", empty="No people named in this article."))
    assert embed.description == "No people named in this article."


def test_escape_keeps_plain_text() -> None:
    assert escape("GE Vernova, PTC and Sanofi") == "GE Vernova, PTC and Sanofi"


def test_search_hits_stay_bold_while_the_rest_is_escaped() -> None:
    line = Line("flexible zinc-air **batteries** cost *less* @here", (2,))
    [embed] = answer_to_embeds(Answer(title="Search", lines=(line,)), highlight="**")
    assert embed.description == "flexible zinc-air **batteries** cost \\*less\\* @\u200bhere [2]"
    [unpaired] = answer_to_embeds(Answer(title="Search", lines=(Line("a ** b"),)), highlight="**")
    assert unpaired.description == "a \\*\\* b"


@pytest.mark.parametrize("text", [
    "Amgen — founding member", "Hewlett-Packard Enterprise", "a_b", "back\\slash", "~~struck~~", "a | b", "2 * 3",
    "`code`", "> quoted", "first\n> quoted", "  - item", "first\n - item", "# Heading", "### Heading", "a # b",
    "[link](http://x.example)", "see http://x.example/a_b_c now", "<http://x.example/a_b>", "a > b", "x-y - z",
    "@everyone", "@here and <@123> <@!4> <@&5>", "<#42>", "mail me@example.org", "",
])
def test_escape_is_markdown_escaping_plus_mention_breaking(text) -> None:
    # The fast path (no regex for plain text) must give what the full escaping gives.
    expected = discord.utils.escape_markdown(text)
    expected = re.sub(r"@(everyone|here|[!&]?\d+)", "@\u200b\\1", expected)
    expected = re.sub(r"<#(\d+)>", "<\u200b#\\1>", expected)
    assert escape(text) == expected
