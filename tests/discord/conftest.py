"""One seeded database per session, and one emulator + one real FactBot per test module.

A module may set `BOT_EXTENSIONS` (extension names) to load more than the cogs package.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.client import FactBot, sync_tree
from bot.client.endpoints import point_at
from bot.client.extensions import discover_extensions
from bot.settings import Settings
from tests.emulator import Emulator, Member, point_discord_at

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
INM_FOUNDERS = ("Amgen", "Flextronics", "GE Vernova", "PTC", "Sanofi", "Siemens")


def seed_folder(target: Path, *, corpus: bool) -> Path:
    """A private copy of the seed (and, when present, the shared corpus) that tests may add files to."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")) + (sorted(CORPUS.glob("*.txt")) if corpus else []):
        shutil.copyfile(path, target / path.name)
    return target


async def ingest(db: Path, seeds: Path, nlp) -> None:
    from bot.ingest import reload
    from bot.store import FactStore

    settings = Settings(factbot_db=db, factbot_seeds=seeds, _env_file=None)
    async with await FactStore.open(db) as store:
        report = await reload(store, seeds, settings, nlp=nlp)
    assert report.added and not report.rejected, report


@pytest.fixture(scope="session")
def template(tmp_path_factory, nlp) -> tuple[Path, Path]:
    """(database, seeds folder): the seed plus the shared corpus, ingested once per session."""
    root = tmp_path_factory.mktemp("factbot-template")
    seeds = seed_folder(root / "seeds", corpus=True)
    db = root / "factbot.db"
    asyncio.run(ingest(db, seeds, nlp))
    return db, seeds


@dataclass
class BotEnv:
    emu: Emulator
    bot: FactBot
    settings: Settings
    seeds: Path
    moderator: Member  # an admin through ADMIN_ROLE_IDS, not the application owner


@pytest_asyncio.fixture(scope="module")
async def env(request, template, tmp_path_factory, nlp):
    db_template, seeds_template = template
    root = tmp_path_factory.mktemp("factbot-bot")
    db = root / "factbot.db"
    shutil.copyfile(db_template, db)
    seeds = root / "seeds"
    shutil.copytree(seeds_template, seeds)
    extensions = discover_extensions() + tuple(getattr(request.module, "BOT_EXTENSIONS", ()))

    from bot.store import FactStore

    async with Emulator() as emu:
        mod_role = emu.add_role("Moderators", 0)
        moderator = emu.add_member("moderator", roles=[mod_role.id])
        settings = Settings(_env_file=None, factbot_db=db, factbot_seeds=seeds, discord_token=emu.token,
                            discord_api_base=emu.api_base, discord_gateway_url=emu.gateway_url,
                            admin_role_ids=(mod_role.id,))
        async with await FactStore.open(db) as store:
            bot = FactBot(store=store, settings=settings, extensions=extensions, ingest_options={"nlp": nlp},
                          guild_ready_timeout=0.05)
            with point_discord_at(emu):  # restores discord.py's endpoints afterwards
                point_at(settings)
                await bot.login(emu.token)
                task = asyncio.create_task(bot.connect())
                try:
                    await asyncio.wait_for(bot.wait_until_ready(), 10)
                    await sync_tree(bot)
                    yield BotEnv(emu, bot, settings, seeds, moderator)
                finally:
                    await bot.close()
                    await asyncio.wait_for(task, 10)


@pytest.fixture
def emu(env: BotEnv) -> Emulator:
    return env.emu


@pytest.fixture(autouse=True)
def no_violations(request):
    """Every request the bot made in a test is valid for Discord (limits, OpenAPI, protocol)."""
    yield
    if "env" in request.fixturenames:
        request.getfixturevalue("env").emu.assert_no_violations()


async def wait_until(predicate, what: str, timeout: float = 10.0) -> None:
    """Poll `predicate` (for state the emulator has no waiter for) until true or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
