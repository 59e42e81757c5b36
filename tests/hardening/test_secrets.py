"""The bot token never shows in logs, errors, replies or reports: startup, a refused login, a failing handler."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sqlite3
import sys

import discord
import pytest

from bot.client import FactBot
from bot.client.run import BAD_TOKEN
from bot.client.tree import GENERIC_ERROR
from tests.emulator import Emulator, point_discord_at
from tests.hardening.serving import ROOT, copy_seed, ingest_folder, serving, settings_for

CANARY = "c4n4ry-" + secrets.token_hex(6)
FAKE_TOKEN = f"FAKE.TOKEN.{CANARY}"


def assert_no_token(*texts: str) -> None:
    for text in texts:
        assert CANARY not in text, f"the token leaked: ...{text[max(0, text.find(CANARY) - 200):][:400]}"


def everything_logged(caplog) -> str:
    """Formatted records (tracebacks included) plus the raw arguments, in case a formatter drops them."""
    return caplog.text + "\n".join(f"{r.msg!r} {r.args!r}" for r in caplog.records)


@pytest.fixture
def debug_logs(caplog):
    for name in ("discord", "bot", "cogs"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


async def test_startup_errors_and_replies_never_show_the_token(tmp_path, nlp, debug_logs):
    settings = settings_for(tmp_path, discord_token=FAKE_TOKEN)
    copy_seed(settings.factbot_seeds)
    report = await ingest_folder(settings, nlp)
    async with serving(settings, extensions=("tests.hardening.faulty_cog",), token=FAKE_TOKEN,
                       strict_token=True) as (emu, bot):
        assert emu.seen_tokens == {FAKE_TOKEN}  # the bot really logged in with it
        boom = await (await emu.slash("boom")).wait_final()  # its error carries repr(settings)
        refused = await (await emu.slash("admin reload", user=emu.member)).wait_final()
        await emu.send_reconnect()
        stats = await (await emu.slash("admin stats", user=emu.admin)).wait_final()
    assert boom.content == GENERIC_ERROR and refused.ephemeral and stats.embeds
    assert "/boom failed" in debug_logs.text and "settings=" in debug_logs.text  # the error really was logged
    shown = [str(m) for r in emu.interactions.values() for m in r.messages]
    assert_no_token(everything_logged(debug_logs), repr(settings), str(settings.model_dump()), str(report), *shown)


async def test_a_refused_token_fails_login_without_showing_it(tmp_path, debug_logs):
    async with Emulator(token="the-token-discord-expects", strict_token=True) as emu:
        client = FactBot(store=None, settings=settings_for(tmp_path, discord_token=FAKE_TOKEN))
        try:
            with point_discord_at(emu), pytest.raises(discord.LoginFailure) as refused:
                await client.login(FAKE_TOKEN)
        finally:
            await client.close()
    assert emu.seen_tokens == {FAKE_TOKEN}
    assert_no_token(everything_logged(debug_logs), str(refused.value), repr(refused.value))


def _env(emu: Emulator, tmp_path, **extra: str) -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": FAKE_TOKEN, "DISCORD_API_BASE": emu.api_base,
        "DISCORD_GATEWAY_URL": emu.gateway_url, "LOG_LEVEL": "DEBUG", "FACTBOT_DB": str(tmp_path / "facts.db"),
        "FACTBOT_SEEDS": str(tmp_path / "seeds"), "PYTHONUNBUFFERED": "1", **extra}


async def _factbot_run(emu: Emulator, tmp_path) -> asyncio.subprocess.Process:
    # cwd is the temporary folder, so no developer `.env` is read.
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=_env(emu, tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_factbot_run_output_never_shows_the_token(tmp_path, nlp):
    settings = settings_for(tmp_path)
    copy_seed(settings.factbot_seeds)
    await ingest_folder(settings, nlp)
    async with Emulator(token=FAKE_TOKEN, strict_token=True) as emu:
        local = FactBot(store=None, settings=settings)
        await local.setup_hook()  # loads the cogs into its tree, as the child will
        emu.store_commands(None, [command.to_dict(local.tree) for command in local.tree.get_commands()])
        await local.close()
        child = await _factbot_run(emu, tmp_path)
        try:
            await emu.wait_ready(timeout=60)
            ok = await (await emu.slash("partners")).wait_final(timeout=10)
            refused = await (await emu.slash("admin reload", user=emu.member)).wait_final(timeout=10)
            with sqlite3.connect(settings.factbot_db) as conn:  # break search under the running bot
                conn.execute("DROP TABLE sentence_fts")
            broken = await (await emu.slash("search", {"query": "manufacturing"})).wait_final(timeout=10)
        finally:
            if child.returncode is None:
                child.send_signal(signal.SIGINT)
            try:
                out, err = await asyncio.wait_for(child.communicate(), 30)
            except asyncio.TimeoutError:
                child.kill()
                out, err = await child.communicate()
    output = out.decode(errors="replace") + err.decode(errors="replace")
    assert "Initiative for New Manufacturing" in ok.text and refused.ephemeral and broken.content == GENERIC_ERROR
    assert "/search failed" in output and "Traceback" in output and "DEBUG" in output  # logs were really captured
    assert emu.seen_tokens == {FAKE_TOKEN}
    assert_no_token(output)


async def test_factbot_run_with_a_refused_token_exits_1_without_showing_it(tmp_path):
    async with Emulator(token="the-token-discord-expects", strict_token=True) as emu:
        child = await _factbot_run(emu, tmp_path)
        out, err = await asyncio.wait_for(child.communicate(), 60)
    output = out.decode(errors="replace") + err.decode(errors="replace")
    assert child.returncode == 1 and BAD_TOKEN in output
    assert emu.seen_tokens == {FAKE_TOKEN}
    assert_no_token(output)
