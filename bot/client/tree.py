"""The command tree's single error handler: every failure becomes a short ephemeral reply."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.render.answer import NotFound

log = logging.getLogger(__name__)

GENERIC_ERROR = "Something went wrong while answering; the error has been logged."


class NotAllowed(app_commands.CheckFailure):
    """The user may not run this command (an admin command refused at run time)."""


def not_found_message(error: NotFound) -> str:
    """`No initiative matches 'xyz'.` plus up to five suggestions, as a user reads it."""
    from bot.render.embeds import escape

    text = f"No {error.kind} matches “{escape(error.query)}”."
    if error.suggestions:
        text += " Did you mean: " + ", ".join(escape(s) for s in error.suggestions[:5]) + "?"
    return text[:2000]


def user_message(error: BaseException) -> str | None:
    """The ephemeral text for an expected failure, or None for a bug (logged, generic reply)."""
    if isinstance(error, NotFound):
        return not_found_message(error)
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the " + ", ".join(p.replace("_", " ") for p in error.missing_permissions) + " permission."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, NotAllowed):
        return str(error)
    if isinstance(error, app_commands.CheckFailure):
        return "You are not allowed to use this command."
    if isinstance(error, app_commands.TransformerError):
        return f"“{str(error.value)[:100]}” is not a valid value for this option."
    if isinstance(error, app_commands.CommandNotFound):
        return "This command is no longer available; it may have been renamed or removed."
    if isinstance(error, app_commands.CommandSignatureMismatch):
        return "This command changed since it was registered; an admin should run /admin sync."
    return None


async def reply_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Reply whether or not the interaction was already answered or deferred."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.exception("could not send an error reply for interaction %s", interaction.id)


class FactTree(app_commands.CommandTree):
    """A command tree whose `on_error` never leaves an interaction unanswered."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        command = interaction.command.qualified_name if interaction.command else "?"
        text = user_message(original)
        if isinstance(original, app_commands.CheckFailure):
            log.warning("refused /%s for user %s: %s", command, interaction.user.id, type(original).__name__)
        elif text is None:
            log.error("/%s failed for user %s", command, interaction.user.id, exc_info=original)
        await reply_ephemeral(interaction, text or GENERIC_ERROR)
