"""Every message pings nobody, article and user text cannot break formatting, every payload is within Discord's rules."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.hardening.hostile import MARKDOWN_TEXT, write_hostile_corpus
from tests.hardening.serving import FACT_COMMANDS, copy_seed, ingest_folder, sent_bodies, serving, settings_for

HOSTILE_QUERIES = ("@everyone <@123> **bold** ```code", "'; DROP TABLE article; --", '"quote OR NEAR( star*',
                   "||spoiler|| <@&456> @here")
RAW_MENTION = re.compile(r"@(everyone|here)\b|<@[!&]?\d+>|<#\d+>")
UNESCAPED_BACKTICK = re.compile(r"(?<!\\)`")
DIRECTION_MARKS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
# Markdown from the hostile article that must never reach an embed as live formatting.
LIVE_MARKDOWN = ("**urgent**", "__underlined__", "~~struck~~", "||spoiler||")
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*\]\(https?://")  # [text](url): a deceptive link, unless escaped


@pytest.fixture(scope="module")
async def env(tmp_path_factory, nlp):
    settings = settings_for(tmp_path_factory.mktemp("output"))
    copy_seed(settings.factbot_seeds)
    write_hostile_corpus(settings.factbot_seeds)
    report = await ingest_folder(settings, nlp)
    async with serving(settings) as (emu, bot):
        yield emu, bot, report


def message_payloads(emu) -> list[tuple[str, dict[str, Any]]]:
    """(path, message body) for everything the bot sent that carries visible text."""
    found = []
    for _, path, body in sent_bodies(emu):
        message = body.get("data") if path.startswith("/interactions/") else body
        if isinstance(message, dict) and (message.get("content") or message.get("embeds")):
            found.append((path, message))
    return found


def texts(message: dict[str, Any]) -> list[str]:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or ""]
        for field in embed.get("fields") or []:
            parts += [field.get("name") or "", field.get("value") or ""]
    return [p for p in parts if p]


async def ask_everything(emu, bot, report) -> int:
    """Every fact command over each hostile article that got in, /about for its names, hostile searches."""
    records = []
    for file in report.added:
        for command in FACT_COMMANDS:
            records.append(await emu.slash(command, {"article": file}))
        records.append(await emu.slash("summary", {"article": file, "sentences": 10}))
    names = [r[0] for r in await bot.store.fetch(
        "SELECT DISTINCT e.name FROM entity e JOIN organisation o ON o.entity_id = e.id"
        " JOIN article a ON a.id = o.article_id WHERE a.file LIKE 'h%'")]
    records += [await emu.slash("about", {"name": name[:200]}) for name in names]
    records += [await emu.slash("search", {"query": q}) for q in HOSTILE_QUERIES + ("everyone", "DROP TABLE")]
    records += [await emu.slash("about", {"name": q}) for q in HOSTILE_QUERIES]  # NotFound echoes the name
    records += [await emu.slash("partners", {"initiative": q}) for q in HOSTILE_QUERIES]
    records.append(await emu.slash("articles"))
    for record in records:
        await record.wait_final(timeout=10)
        assert record.latency < 3, record
    return len(records)


async def test_hostile_articles_and_queries_render_inert_and_within_limits(env):
    emu, bot, report = env
    assert {"h12_mentions_markdown.txt", "h13_sql_fts.txt", "h11_invisible_names.txt"} <= set(report.added)
    asked = await ask_everything(emu, bot, report)
    payloads = message_payloads(emu)
    assert len(payloads) >= asked
    seen_hostile = False
    for path, message in payloads:
        for text in texts(message):
            assert not RAW_MENTION.search(text), (path, text)
            assert not UNESCAPED_BACKTICK.search(text), (path, text)
            assert not DIRECTION_MARKS.search(text), (path, text)
            assert not [m for m in LIVE_MARKDOWN if m in text], (path, text)
            assert not MASKED_LINK.search(text), (path, text)
            seen_hostile |= "@\u200beveryone" in text or "\\*\\*urgent\\*\\*" in text
    assert seen_hostile, "the hostile text never reached a message, so nothing was checked"
    emu.assert_no_violations()  # Discord's length limits and the OpenAPI schema, for every request


async def test_no_message_can_ping_anyone(env):
    emu, bot, report = env
    if not message_payloads(emu):
        await ask_everything(emu, bot, report)
    for path, message in message_payloads(emu):
        allowed = message.get("allowed_mentions")
        assert allowed is not None, f"{path} sent without allowed_mentions"
        assert allowed.get("parse") == [] and not allowed.get("users") and not allowed.get("roles"), (path, allowed)
        assert not allowed.get("replied_user"), (path, allowed)


async def test_markdown_in_an_article_is_shown_escaped(env):
    emu = env[0]
    record = await (await emu.slash("summary", {"article": "h12_mentions_markdown.txt", "sentences": 10})).wait_final()
    shown = record.embeds[0]["description"]
    assert "\\*\\*urgent\\*\\*" in shown and "\\`\\`\\`python" in shown
    assert MARKDOWN_TEXT.split(" with")[0].replace("**", "") not in shown  # the raw form is not there either
