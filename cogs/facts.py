"""Fact commands: each asks `bot.answers` (through the bot's answer cache) and shows the pages of embeds."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.client.paging import send_command

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit for autocomplete
NAME_MAX = 100  # Discord's limit for a choice's name and value
SNIPPET_MARK = "**"  # how the store's search snippets mark the matched words


def _choices(kind: str, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    store = getattr(interaction.client, "store", None)
    if store is None:
        return []
    try:
        found = answers.complete(store, kind, current, limit=MAX_CHOICES)
    except Exception:  # an autocomplete failure must never surface as a broken command
        log.exception("autocomplete for %s failed", kind)
        return []
    return [app_commands.Choice(name=label[:NAME_MAX], value=value[:NAME_MAX])
            for label, value in found[:MAX_CHOICES] if label and value]


async def article_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices("article", interaction, current)


async def initiative_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices("initiative", interaction, current)


async def name_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices("name", interaction, current)


ARTICLE = "Article file or title (default: the most recent article)"


class Facts(commands.Cog):
    """Questions about the articles: partners, summaries, sources, people, search."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @property
    def store(self):
        return self.bot.store

    @app_commands.command(name="partners", description="Organisations taking part in an initiative, with sources")
    @app_commands.describe(initiative="Initiative name or acronym (default: every initiative)", article=ARTICLE)
    @app_commands.autocomplete(initiative=initiative_choices, article=article_choices)
    async def partners(self, interaction: discord.Interaction, initiative: str | None = None,
                       article: str | None = None) -> None:
        await send_command(interaction, answers.partners, initiative=initiative, article=article)

    @app_commands.command(name="summary", description="A short summary of an article, sentence by sentence")
    @app_commands.describe(article=ARTICLE, sentences="How many sentences (1-10, default 3)")
    @app_commands.autocomplete(article=article_choices)
    async def summary(self, interaction: discord.Interaction, article: str | None = None,
                      sentences: app_commands.Range[int, 1, 10] = 3) -> None:
        await send_command(interaction, answers.summary, article=article, sentences=sentences)

    @app_commands.command(name="sources", description="The sources an article cites, and how often")
    @app_commands.describe(article=ARTICLE)
    @app_commands.autocomplete(article=article_choices)
    async def sources(self, interaction: discord.Interaction, article: str | None = None) -> None:
        await send_command(interaction, answers.sources, article=article)

    @app_commands.command(name="people", description="People named in an article, with role and organisation")
    @app_commands.describe(article=ARTICLE)
    @app_commands.autocomplete(article=article_choices)
    async def people(self, interaction: discord.Interaction, article: str | None = None) -> None:
        await send_command(interaction, answers.people, article=article)

    @app_commands.command(name="articles", description="Every article in the database, newest first")
    async def articles(self, interaction: discord.Interaction) -> None:
        await send_command(interaction, answers.articles)

    @app_commands.command(name="search", description="Full-text search over every article's sentences")
    @app_commands.describe(query="Words to look for (quotes, OR and NOT are taken literally)")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        await send_command(interaction, answers.search, query=query, highlight=SNIPPET_MARK)

    @app_commands.command(name="about", description="Everything known about an organisation, person or initiative")
    @app_commands.describe(name="Name or acronym")
    @app_commands.autocomplete(name=name_choices)
    async def about(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        await send_command(interaction, answers.about, name=name)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Facts(bot))
