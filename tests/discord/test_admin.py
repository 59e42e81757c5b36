"""/admin commands: the runtime permission check, reload under load, uploads, reload-cogs, sync, errors."""

from __future__ import annotations

import asyncio
import logging

from bot.client.tree import GENERIC_ERROR
from tests.discord.conftest import INM_FOUNDERS, BotEnv
from tests.emulator import Upload

BOT_EXTENSIONS = ("tests.discord.broken_cog", "tests.discord.faulty_cog")

ARTICLE = """{title}

{title}

2024-01-10 batteries

Munich, Wednesday, 10 January 2024.
Siemens and Sanofi launched the {name} ({acronym}), a joint effort to scale up battery manufacturing in Europe [1].

Founding Members

The {acronym} is structured to work closely with three founding members: Siemens, Sanofi, and BASF [1].
Siemens chief executive Roland Busch said the alliance would train new workers [1].

Sources

[1] Alliance launch - https://example.org/{acronym}

batteries manufacturing"""


def article(n: int) -> bytes:
    name = f"Battery Pilot Line Alliance {n}"
    return ARTICLE.format(title=f"Siemens and Sanofi open pilot line {n}", name=name, acronym=f"BPLA{n}").encode()


async def stored_files(env: BotEnv) -> set[str]:
    return set(await env.bot.store.file_hashes())


async def test_stats_for_a_role_admin(env: BotEnv) -> None:
    record = await (await env.emu.slash("admin stats", user=env.moderator)).wait_response()
    assert record.ephemeral
    assert f"Articles: {len(list(env.seeds.glob('*.txt')))}" in record.text


async def test_non_admin_reload_is_refused_and_nothing_reloads(env: BotEnv, caplog) -> None:
    (env.seeds / "301_refused.txt").write_bytes(article(301))
    before = await stored_files(env)
    with caplog.at_level(logging.WARNING, logger="bot.client.tree"):
        record = await (await env.emu.slash("admin reload", user=env.emu.member)).wait_response()
    assert record.callback_type == 4 and record.ephemeral
    assert record.content == "Only factbot's admins can use /admin."
    assert await stored_files(env) == before
    assert f"refused /admin reload for user {env.emu.member.id}" in caplog.text
    (env.seeds / "301_refused.txt").unlink()


async def test_reload_while_200_partner_questions_are_in_flight(env: BotEnv) -> None:
    emu = env.emu
    (env.seeds / "302_reload.txt").write_bytes(article(302))
    unchanged = len(await stored_files(env))
    reload = await emu.slash("admin reload", user=emu.admin)
    second = await emu.slash("admin reload", user=emu.admin)
    questions = [await emu.slash("partners", {"initiative": "INM"}) for _ in range(200)]
    answered = await asyncio.gather(*(q.wait_response(timeout=30) for q in questions))
    for record in answered:
        assert not record.ephemeral
        assert set(INM_FOUNDERS) <= {row.split(" — ")[0] for row in record.embeds[0]["description"].split("\n")}, record.embeds[0]["description"]
    await second.wait_response()
    assert second.ephemeral and "already running" in second.content
    await reload.wait_final(timeout=60)
    assert reload.callback_type == 5 and reload.ephemeral
    assert reload.embeds[0]["title"].startswith(f"Ingest: 1 added, 0 changed, {unchanged} unchanged")
    assert "302_reload.txt" in await stored_files(env)


async def test_ingest_attachment_adds_an_article(env: BotEnv) -> None:
    upload = Upload("303_upload.txt", article(303), "text/plain")
    record = await (await env.emu.slash("admin ingest", {"file": upload}, user=env.moderator)).wait_final(timeout=60)
    assert record.ephemeral and record.embeds[0]["title"].startswith("Ingest: 1 added")
    assert (env.seeds / "303_upload.txt").read_bytes() == upload.data
    assert "303_upload.txt" in await stored_files(env)
    summary = await (await env.emu.slash("summary", {"article": "303_upload.txt"})).wait_response()
    assert "pilot line 303" in summary.embeds[0]["title"]


async def test_an_answer_asked_again_after_an_upload_shows_the_new_facts(env: BotEnv) -> None:
    upload = Upload("305_replaced.txt", article(305), "text/plain")
    await (await env.emu.slash("admin ingest", {"file": upload}, user=env.moderator)).wait_final(timeout=60)
    for _ in range(2):  # the second answer comes from the bot's answer cache
        before = await (await env.emu.slash("partners", {"article": "305_replaced.txt"})).wait_response()
        assert "pilot line 305" in before.embeds[0]["title"] and "BASF" in before.text, before.text
    replaced = Upload("305_replaced.txt", article(305).replace(b"BASF", b"Bosch"), "text/plain")
    record = await (await env.emu.slash("admin ingest", {"file": replaced}, user=env.moderator)).wait_final(timeout=60)
    assert record.embeds[0]["title"].startswith("Ingest: 0 added, 1 changed")
    after = await (await env.emu.slash("partners", {"article": "305_replaced.txt"})).wait_response()
    assert "Bosch" in after.text and "BASF" not in after.text


async def test_ingest_refuses_an_oversized_attachment(env: BotEnv) -> None:
    big = Upload("304_big.txt", b"x" * (env.settings.factbot_max_file_bytes + 1), "text/plain")
    record = await (await env.emu.slash("admin ingest", {"file": big}, user=env.emu.admin)).wait_response()
    assert record.ephemeral and "the limit is" in record.content
    assert not (env.seeds / "304_big.txt").exists()


async def test_ingest_reports_a_file_that_is_not_an_article(env: BotEnv) -> None:
    bad = Upload("305_notes.pdf", b"%PDF-1.4 not an article", "application/pdf")
    record = await (await env.emu.slash("admin ingest", {"file": bad}, user=env.emu.admin)).wait_final(timeout=30)
    assert record.ephemeral and "1 rejected" in record.embeds[0]["title"]
    assert not (env.seeds / "305_notes.pdf").exists()


async def test_reload_cogs_reports_the_broken_extension_and_the_rest_keep_working(env: BotEnv) -> None:
    assert "tests.discord.broken_cog" in env.bot.failed_extensions  # it failed at startup too
    record = await (await env.emu.slash("admin reload-cogs", user=env.emu.admin)).wait_final()
    text = record.text.replace("\\", "")
    assert "tests.discord.broken_cog: failed — RuntimeError: this extension is broken on purpose" in text
    assert "cogs.facts: reloaded" in text and "cogs.admin: reloaded" in text
    assert record.embeds[0]["title"] == "Reloaded 3 of 4 extensions"
    partners = await (await env.emu.slash("partners", {"initiative": "INM"})).wait_response()
    assert "Siemens" in partners.text
    stats = await (await env.emu.slash("admin stats", user=env.emu.admin)).wait_response()
    assert "Articles:" in stats.text


async def test_sync_registers_the_commands_again(env: BotEnv) -> None:
    before = {c["name"]: c["id"] for c in env.emu.registered_commands()}
    record = await (await env.emu.slash("admin sync", user=env.emu.admin)).wait_final()
    assert record.ephemeral
    assert record.text == f"Synced {len(before)} commands to all servers."
    assert {c["name"]: c["id"] for c in env.emu.registered_commands()} == before


async def test_an_unexpected_error_still_gets_a_short_ephemeral_reply(env: BotEnv, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.client.tree"):
        record = await (await env.emu.slash("explode")).wait_response()
        late = await (await env.emu.slash("explode-late")).wait_final()
    assert record.ephemeral and record.content == GENERIC_ERROR
    assert late.callback_type == 5 and late.text == GENERIC_ERROR
    assert "boom before any reply" in caplog.text and "boom after the defer" in caplog.text
