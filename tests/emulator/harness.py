"""Point a real discord.py client at an `Emulator` and run it for the length of a block."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, AsyncIterator, Iterator

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

if TYPE_CHECKING:
    from .server import Emulator


@contextlib.contextmanager
def point_discord_at(emu: "Emulator") -> Iterator[None]:
    """Route discord.py's REST base and default gateway to `emu`; restore both on exit.

    Keep it active while the client runs: discord.py reads both again on every reconnect."""
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = emu.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emu.gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway


@contextlib.asynccontextmanager
async def running_bot(emu: "Emulator", client: discord.Client, *, timeout: float = 10.0) -> AsyncIterator[None]:
    """Log `client` in to `emu`, connect it, wait for `on_ready`, and close it afterwards.

    Build the client with a small `guild_ready_timeout` (e.g. 0.05): discord.py otherwise
    waits 2 s after the last GUILD_CREATE before `on_ready`."""
    with point_discord_at(emu):
        await client.login(emu.token)
        task = asyncio.create_task(client.connect(reconnect=True), name="emulated-discord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                task.result()  # raises what stopped the client
                raise RuntimeError("the client stopped before it was ready")
            if ready not in done:
                raise TimeoutError(f"the client was not ready after {timeout}s")
            yield
        finally:
            ready.cancel()
            await client.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, 5)
