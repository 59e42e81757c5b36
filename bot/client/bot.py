"""The bot: a small `commands.Bot` that holds the fact store and loads every extension in `cogs/`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.client.cache import ANSWER_CACHE_SIZE, AnswerCache
from bot.client.endpoints import gateway_url, is_custom_gateway
from bot.client.extensions import discover_extensions, load_extensions, reload_extensions
from bot.client.tree import FactTree
from bot.settings import Settings

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
PAGE_TIMEOUT = 180.0  # seconds a paginator listens for button presses


class FactBot(commands.Bot):
    """factbot on Discord. `store` is owned by the caller (`serve`), which opens and closes it."""

    def __init__(self, *, store: Any, settings: Settings, extensions: tuple[str, ...] | None = None,
                 page_timeout: float = PAGE_TIMEOUT, ingest_options: dict[str, Any] | None = None,
                 answer_cache_size: int = ANSWER_CACHE_SIZE, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # no message-content intent: slash commands only
            intents=discord.Intents.default(),
            allowed_mentions=NO_MENTIONS,
            tree_cls=FactTree,
            help_command=None,
            **options,
        )
        self.store = store
        self.settings = settings
        self.extension_names: tuple[str, ...] = tuple(extensions) if extensions is not None else discover_extensions()
        self.failed_extensions: dict[str, str] = {}
        self.page_timeout = page_timeout
        # Pages of recent answers for the store's current state (see bot.client.cache); 0 turns it off.
        self.answer_cache = AnswerCache(answer_cache_size)
        # Extra keyword arguments for bot.ingest's reload/ingest_upload (tests pass an in-process `nlp`).
        self.ingest_options: dict[str, Any] = dict(ingest_options or {})
        # One writer at a time: /admin reload and /admin ingest both take this lock.
        self.ingest_lock = asyncio.Lock()

    async def setup_hook(self) -> None:
        # login() has just fetched the application: remember its owner so `is_owner` needs no request
        # (a team-owned application keeps discord.py's own lookup of team admins).
        if self.application is not None and self.application.team is None and not self.owner_ids:
            self.owner_id = self.application.owner.id
        self.failed_extensions = await load_extensions(self, self.extension_names)

    async def reload_all_extensions(self) -> dict[str, str | None]:
        """Reload every extension; name -> None when fine, else why it failed."""
        results = await reload_extensions(self, self.extension_names)
        self.answer_cache.clear()  # reloaded code may render differently
        self.failed_extensions = {name: why for name, why in results.items() if why}
        return results

    async def on_socket_event_type(self, event: str) -> None:
        # Discord tells us where to RESUME (READY's resume_gateway_url). When the gateway is configured
        # (a proxy or the test emulator), resumes must go back to that same endpoint. This listener runs
        # after discord.py has stored the URL, so overriding it here wins.
        if event == "READY" and self.ws is not None and is_custom_gateway(self.settings):
            self.ws.gateway = gateway_url(self.settings)
