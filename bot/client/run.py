"""Entry points for `factbot run` and `factbot sync`."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import discord
from discord import app_commands

from bot.client.bot import FactBot
from bot.client.endpoints import point_at
from bot.settings import Settings

log = logging.getLogger(__name__)

NO_TOKEN = ("No Discord bot token configured. Put DISCORD_TOKEN=<token> in .env (Developer Portal -> "
            "your application -> Bot -> Reset Token); see the Discord section of README.md.")
BAD_TOKEN = "Discord rejected the bot token (DISCORD_TOKEN). Reset it in the Developer Portal and update .env."


async def sync_tree(bot: FactBot) -> list[tuple[int | None, int]]:
    """Register the command tree with Discord: to each dev guild when configured, else globally.

    Returns (guild id or None for global, number of commands) per target.
    """
    guild_ids = bot.settings.dev_guild_ids
    if not guild_ids:
        synced = await bot.tree.sync()
        log.info("synced %d global commands", len(synced))
        return [(None, len(synced))]
    done = []
    for guild_id in guild_ids:
        guild = discord.Object(id=guild_id)
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
        log.info("synced %d commands to guild %s", len(synced), guild_id)
        done.append((guild_id, len(synced)))
    return done


def _token(settings: Settings) -> str | None:
    return settings.discord_token.get_secret_value() if settings.discord_token is not None else None


async def _open_store(settings: Settings):
    from bot.store import FactStore

    return await FactStore.open(settings.factbot_db)


async def serve(settings: Settings, **options: object) -> None:
    """Open the fact store, connect to Discord and answer commands until closed."""
    token = _token(settings)
    if token is None:
        raise discord.LoginFailure(NO_TOKEN)
    point_at(settings)
    async with await _open_store(settings) as store:
        async with FactBot(store=store, settings=settings, **options) as bot:
            _close_on_sigterm(bot)
            await bot.start(token)


def _close_on_sigterm(bot: FactBot) -> None:
    # A service manager stops us with SIGTERM: close the gateway and the store as Ctrl-C would.
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.create_task(bot.close()))
    except (NotImplementedError, RuntimeError):  # Windows, or not in the main thread
        pass


async def _sync(settings: Settings) -> list[tuple[int | None, int]]:
    token = _token(settings)
    point_at(settings)
    # REST only: `login` runs setup_hook (which loads the cogs into the tree) but opens no gateway.
    async with FactBot(store=None, settings=settings) as bot:
        await bot.login(token)
        return await sync_tree(bot)


def _configure_logging(settings: Settings) -> None:
    discord.utils.setup_logging(level=getattr(logging, settings.log_level.upper(), logging.INFO), root=True)


def run_bot(settings: Settings) -> int:
    """`factbot run`: 0 after a clean shutdown, 2 without a token, 1 when Discord refuses the token."""
    if _token(settings) is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def sync_commands(settings: Settings) -> int:
    """`factbot sync`: log in over REST, register the slash commands, exit. Same exit codes as run_bot."""
    if _token(settings) is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        targets = asyncio.run(_sync(settings))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except (discord.HTTPException, app_commands.CommandSyncFailure) as error:
        print(f"Syncing commands failed: {error}", file=sys.stderr)
        return 1
    for guild_id, count in targets:
        where = f"guild {guild_id}" if guild_id else "all servers (global; may take up to an hour to appear)"
        print(f"Registered {count} commands to {where}.")
    return 0
