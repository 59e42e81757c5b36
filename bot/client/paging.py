"""Send an `Answer` as embeds; more than one page gets Previous/Next buttons for the person who asked."""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

import discord

from bot.render.answer import Answer
from bot.render.embeds import answer_to_embeds

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
NOT_YOURS = "Only the person who ran the command can turn pages."


class PageView(discord.ui.View):
    """Previous/next buttons over a list of embeds; only `owner_id` can press them."""

    def __init__(self, pages: list[discord.Embed], owner_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.index = 0
        self.interaction: discord.Interaction | None = None  # the command whose message shows the pages
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self,
                                                allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary, custom_id="pages:previous")
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.primary, custom_id="pages:next")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.interaction is None:
            return
        try:
            await self.interaction.edit_original_response(view=self, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:  # the message was deleted or the token expired: nothing to disable
            log.info("could not disable page buttons for interaction %s", self.interaction.id)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.error("page button failed for user %s", interaction.user.id, exc_info=error)
        from bot.client.tree import GENERIC_ERROR, reply_ephemeral

        await reply_ephemeral(interaction, GENERIC_ERROR)


async def send_command(interaction: discord.Interaction, command: Callable[..., Awaitable[Answer]], *,
                       highlight: str | None = None, **arguments: Any) -> None:
    """Reply with `command(store, **arguments)` (a `bot.answers` command), through the bot's answer cache."""
    client = interaction.client
    cache = getattr(client, "answer_cache", None)
    if cache is None:
        pages = answer_to_embeds(await command(client.store, **arguments), highlight=highlight)
    else:
        pages = await cache.pages(client.store, command, highlight=highlight, **arguments)
    await send_pages(interaction, pages)


async def send_answer(interaction: discord.Interaction, answer: Answer, *, ephemeral: bool = False,
                      timeout: float | None = None, highlight: str | None = None) -> None:
    """Reply with the answer's first page (and page buttons when there are more), deferred or not."""
    await send_pages(interaction, answer_to_embeds(answer, highlight=highlight), ephemeral=ephemeral, timeout=timeout)


async def send_pages(interaction: discord.Interaction, pages: list[discord.Embed], *, ephemeral: bool = False,
                     timeout: float | None = None) -> None:
    """Reply with the first page (and page buttons when there are more), deferred or not."""
    view: PageView | None = None
    if len(pages) > 1:
        if timeout is None:
            timeout = getattr(interaction.client, "page_timeout", 180.0)
        view = PageView(pages, interaction.user.id, timeout=timeout)
        view.interaction = interaction
    kwargs = {"embed": pages[0], "ephemeral": ephemeral, "allowed_mentions": NO_MENTIONS}
    if view is not None:
        kwargs["view"] = view
    if interaction.response.type == discord.InteractionResponseType.deferred_channel_message:
        # Fill in the deferred ("thinking") message, so the paginator's timeout can edit it later.
        del kwargs["ephemeral"]  # fixed by the defer
        await interaction.edit_original_response(**kwargs)
    elif interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
