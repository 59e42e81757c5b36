"""One real factbot (store, cogs, discord.py client) against the loopback emulator, for a test module."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from bot.client import FactBot
from bot.client.extensions import discover_extensions
from bot.ingest import IngestReport, reload
from bot.settings import Settings
from bot.store import FactStore
from tests.emulator import Emulator, InteractionRecord, running_bot

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_cd5db82c5d4ec0f6.txt"
FACT_COMMANDS = ("partners", "summary", "sources", "people")  # the per-article commands


class HardenedBot(FactBot):
    """FactBot without discord.py's 5 s pause before a re-IDENTIFY (Discord's identify rate limit)."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def settings_for(tmp: Path, **overrides: Any) -> Settings:
    """Settings that read no `.env`: a database and a seeds folder under `tmp`, one ingest worker."""
    values: dict[str, Any] = {"factbot_db": tmp / "facts.db", "factbot_seeds": tmp / "seeds", "factbot_workers": 1}
    return Settings(_env_file=None, **(values | overrides))


def copy_seed(seeds: Path) -> Path:
    seeds.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(SEED, seeds / SEED.name))


async def ingest_folder(settings: Settings, nlp: Any, folder: Path | None = None) -> IngestReport:
    """Reload `folder` (default: the seeds folder) into the settings' database, spaCy in this process."""
    async with await FactStore.open(settings.factbot_db) as store:
        return await reload(store, folder or settings.factbot_seeds, settings, nlp=nlp)


@contextlib.asynccontextmanager
async def serving(settings: Settings, *, extensions: tuple[str, ...] = (), heartbeat: float = 41.25,
                  prepare: Callable[[Emulator], dict[str, Any]] | None = None,
                  **emulator: Any) -> AsyncIterator[tuple[Emulator, HardenedBot]]:
    """An emulator and a logged-in, synced factbot over `settings.factbot_db`, for the length of a block.

    `prepare(emu)` runs before the bot connects (to add members and roles) and returns settings overrides."""
    async with Emulator(heartbeat_interval=heartbeat, **emulator) as emu:
        overrides = prepare(emu) if prepare else {}
        settings = settings.model_copy(update={"discord_api_base": emu.api_base,
                                               "discord_gateway_url": emu.gateway_url, **overrides})
        async with await FactStore.open(settings.factbot_db) as store:
            bot = HardenedBot(store=store, settings=settings, guild_ready_timeout=0.05,
                              extensions=discover_extensions() + tuple(extensions))
            async with running_bot(emu, bot):
                await bot.tree.sync()
                yield emu, bot


def visible(record: InteractionRecord) -> list[dict[str, Any]]:
    """What a user sees of an answer, without per-message ids: content and embeds of each message."""
    return [{"content": m.get("content") or "", "embeds": m.get("embeds") or []} for m in record.messages]


def sent_bodies(emu: Emulator) -> list[tuple[str, str, Any]]:
    """(method, path, JSON body) of every message-carrying request the bot made."""
    return [(r.method, r.path, r.json) for r in emu.requests
            if isinstance(r.json, dict) and r.method in ("POST", "PATCH")
            and (r.path.startswith(("/interactions/", "/webhooks/")) or "/messages" in r.path)]
