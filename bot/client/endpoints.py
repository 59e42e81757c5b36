"""Point discord.py at the configured REST and gateway endpoints (Discord itself, or a loopback emulator)."""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.settings import Settings

DISCORD_GATEWAY = "wss://gateway.discord.gg/"


def point_at(settings: Settings) -> None:
    """Route every REST call (webhooks and interaction callbacks included) and the gateway to `settings`.

    discord.py keeps both endpoints as class attributes, so this is process-wide; it must run before
    `login`/`connect`.
    """
    Route.BASE = settings.discord_api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = gateway_url(settings)


def gateway_url(settings: Settings) -> yarl.URL:
    """The configured gateway without query: discord.py adds `v`, `encoding` and `compress` itself."""
    return yarl.URL(settings.discord_gateway_url).with_query(None)


def is_custom_gateway(settings: Settings) -> bool:
    return gateway_url(settings) != yarl.URL(DISCORD_GATEWAY)
