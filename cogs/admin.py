"""Admin commands (/admin ...): re-ingest the seeds, ingest an upload, reload cogs, sync, stats.

Discord's `default_permissions` only hides the group; server admins can change who sees it, so every
command also passes `Admin.interaction_check` (configured admin users/roles or the application owner).
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.client.paging import send_answer
from bot.client.tree import NotAllowed
from bot.render.answer import Answer, Line

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
BUSY = "An ingest is already running; try again when it has finished."


class Admin(commands.Cog):
    """Keeping the fact database and the bot itself up to date."""

    admin = app_commands.Group(
        name="admin",
        description="Maintain factbot (admins only)",
        default_permissions=discord.Permissions(administrator=True),
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        settings = self.bot.settings
        user = interaction.user
        role_ids = {role.id for role in getattr(user, "roles", ())}
        if user.id in settings.admin_user_ids or role_ids & set(settings.admin_role_ids):
            return True
        if await self.bot.is_owner(user):
            return True
        raise NotAllowed("Only factbot's admins can use /admin.")

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @admin.command(name="reload", description="Re-read every article in the seeds folder into the database")
    async def reload(self, interaction: discord.Interaction) -> None:
        lock = self.bot.ingest_lock
        if lock.locked():
            await self._reply(interaction, BUSY)
            return
        async with lock:  # acquired without yielding: nothing can slip in after the check above
            await interaction.response.defer(ephemeral=True, thinking=True)
            from bot.ingest import reload as reload_seeds  # spaCy lives behind this import

            settings = self.bot.settings
            report = await reload_seeds(self.bot.store, settings.factbot_seeds, settings, **self.bot.ingest_options)
        log.info("reload by user %s finished", interaction.user.id)
        await send_answer(interaction, answers.report(report))

    @admin.command(name="ingest", description="Add (or replace) one article file")
    @app_commands.describe(file="A UTF-8 .txt article in the seeds layout")
    async def ingest(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        settings = self.bot.settings
        if file.size > settings.factbot_max_file_bytes:
            await self._reply(interaction, f"{discord.utils.escape_markdown(file.filename)} is {file.size:,} bytes; "
                                           f"the limit is {settings.factbot_max_file_bytes:,}.")
            return
        lock = self.bot.ingest_lock
        if lock.locked():
            await self._reply(interaction, BUSY)
            return
        async with lock:
            await interaction.response.defer(ephemeral=True, thinking=True)
            from bot.ingest import ingest_upload

            data = await file.read()
            report = await ingest_upload(self.bot.store, settings.factbot_seeds, file.filename, data, settings,
                                           **self.bot.ingest_options)
        log.info("ingest of %r by user %s finished", file.filename, interaction.user.id)
        await send_answer(interaction, answers.report(report))

    @admin.command(name="reload-cogs", description="Reload every command module; broken ones are reported")
    async def reload_cogs(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        results = await self.bot.reload_all_extensions()
        failed = sum(1 for why in results.values() if why)
        lines = tuple(Line(f"{name}: " + (f"failed — {why}" if why else "reloaded")) for name, why in results.items())
        title = f"Reloaded {len(results) - failed} of {len(results)} extensions"
        await send_answer(interaction, Answer(title=title, lines=lines))

    @admin.command(name="sync", description="Register the slash commands with Discord")
    async def sync(self, interaction: discord.Interaction) -> None:
        from bot.client.run import sync_tree

        await interaction.response.defer(ephemeral=True, thinking=True)
        targets = await sync_tree(self.bot)
        text = "; ".join(f"{count} commands to " + (f"guild {gid}" if gid else "all servers") for gid, count in targets)
        await self._reply(interaction, f"Synced {text}.")

    @admin.command(name="stats", description="How many articles and facts the database holds")
    async def stats(self, interaction: discord.Interaction) -> None:
        await send_answer(interaction, await answers.stats(self.bot.store), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Admin(bot))
