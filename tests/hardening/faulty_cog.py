"""A test-only extension whose command fails, to show one broken handler does not take the bot down."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

FAILURE = "deliberate failure in /boom"


class Faulty(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="boom", description="Always fails (test extension)")
    async def boom(self, interaction: discord.Interaction) -> None:
        # The settings ride along in the error, as a careless handler might do: the token must still not show.
        raise RuntimeError(f"{FAILURE}; settings={self.bot.settings!r}")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Faulty(bot))
