"""Commands that fail in the middle of answering, for the tree's error handler tests (not in cogs/)."""

import discord
from discord import app_commands
from discord.ext import commands


class Faulty(commands.Cog):
    @app_commands.command(name="explode", description="Fails before answering")
    async def explode(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("boom before any reply")

    @app_commands.command(name="explode-late", description="Fails after deferring")
    async def explode_late(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        raise RuntimeError("boom after the defer")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Faulty())
