"""`factbot sync` and `factbot run` as a user runs them (subprocesses), pointed at the emulator by settings."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from bot.client import run_bot
from bot.settings import Settings
from tests.discord.conftest import INM_FOUNDERS, REPO
from tests.emulator import Emulator

TOKEN = "factbot-test-token-never-print-me"


def cli_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "FACTBOT_", "DEV_GUILD", "ADMIN_"))}
    return env | {"PYTHONPATH": str(REPO)} | extra


def test_run_and_sync_without_a_token_explain_and_exit_2(tmp_path: Path) -> None:
    for command in ("run", "sync"):  # cwd without .env: no token anywhere
        done = subprocess.run([sys.executable, "-m", "bot", command], cwd=tmp_path, env=cli_env({}),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert "DISCORD_TOKEN" in done.stderr and "Traceback" not in done.stderr


def test_run_bot_in_process_without_a_token_returns_2(capsys) -> None:
    assert run_bot(Settings(_env_file=None, discord_token="  ")) == 2
    assert "No Discord bot token" in capsys.readouterr().err


async def test_factbot_sync_then_run_answer_partners_from_the_seed(template, tmp_path: Path) -> None:
    db = tmp_path / "factbot.db"
    shutil.copyfile(template[0], db)
    async with Emulator(token=TOKEN, strict_token=True) as emu:
        env = cli_env({"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": emu.api_base,
                       "DISCORD_GATEWAY_URL": emu.gateway_url, "FACTBOT_DB": str(db),
                       "FACTBOT_SEEDS": str(template[1]), "LOG_LEVEL": "DEBUG"})
        sync_log = tmp_path / "sync.log"
        with sync_log.open("w") as log:
            sync = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "sync", cwd=tmp_path, env=env,
                                                        stdout=log, stderr=subprocess.STDOUT)
            assert await asyncio.wait_for(sync.wait(), 60) == 0, sync_log.read_text()
        names = {c["name"] for c in emu.registered_commands()}
        assert {"partners", "summary", "sources", "people", "articles", "search", "about", "admin"} == names
        assert f"Registered {len(names)} commands" in sync_log.read_text()
        assert emu.identify_count == 0  # sync logs in over REST only

        run_log = tmp_path / "run.log"
        with run_log.open("w") as log:
            bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
                                                       stdout=log, stderr=subprocess.STDOUT)
            try:
                await emu.wait_ready(timeout=60)
                record = await (await emu.slash("partners")).wait_response(timeout=30)
            finally:
                bot.send_signal(signal.SIGINT)
                try:
                    code = await asyncio.wait_for(bot.wait(), 30)
                except BaseException:  # never leave a bot process behind, whatever failed
                    bot.kill()
                    await bot.wait()
                    raise
        founders = [row for row in record.embeds[0]["description"].split("\n") if "founding member" in row]
        assert sorted(row.split(" — ")[0] for row in founders) == sorted(INM_FOUNDERS)
        assert all(row.endswith("[1]") for row in founders)
        assert code == 0, run_log.read_text()
        emu.assert_no_violations()
    logs = sync_log.read_text() + run_log.read_text()
    assert "logged in" in logs.lower() or "connected to gateway" in logs.lower()
    assert TOKEN not in logs
