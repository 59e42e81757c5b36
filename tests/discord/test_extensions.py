"""Every cog loads on its own, no two commands share a name, and serving never imports spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from discord.ext import commands

from bot.client import FactBot
from bot.client.extensions import discover_extensions
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_discovery_finds_the_fact_and_admin_cogs() -> None:
    assert {"cogs.facts", "cogs.admin"} <= set(discover_extensions())


async def test_every_extension_loads_and_no_command_names_clash(tmp_path: Path) -> None:
    bot = FactBot(store=None, settings=Settings(factbot_db=tmp_path / "x.db", _env_file=None))
    for extension in discover_extensions():
        before = {c.qualified_name for c in bot.tree.walk_commands()}
        await bot.load_extension(extension)  # add_command raises CommandAlreadyRegistered on a clash
        added = {c.qualified_name for c in bot.tree.walk_commands()} - before
        assert added, f"{extension} adds no slash command"
    top = [c.name for c in bot.tree.get_commands()]
    assert len(top) == len(set(top))
    assert {"partners", "summary", "sources", "people", "articles", "search", "about", "admin"} <= set(top)
    admin = bot.tree.get_command("admin")
    assert {c.name for c in admin.commands} == {"reload", "reload-cogs", "sync", "ingest", "stats"}
    assert admin.guild_only and admin.default_permissions.administrator
    await bot.close()


def test_serving_code_does_not_import_spacy() -> None:
    code = ("import json, sys, importlib, bot.client\n"
            "from bot.client.extensions import discover_extensions\n"
            "for name in discover_extensions(): importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'thinc')))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
