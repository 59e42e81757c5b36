"""Turn a neutral `Answer` into Discord embeds: escaped text, pages within Discord's limits.

Pure functions over `Answer`; nothing here talks to Discord. The paginator that shows the pages
lives in `bot.client.paging`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import discord

from bot.render.answer import Answer, Line

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
MESSAGE_EMBED_TOTAL = 6000

LINES_PER_PAGE = 15  # a page a reader can take in at a glance
INTRO_MAX = 1000
FIELDS_TOTAL_MAX = 1500
ELLIPSIS = "…"
COLOUR = discord.Colour.blurple()

# "@everyone", "@here", "<@123>", "<@!123>", "<@&123>": a zero-width space after "@" stops the ping and the
# mention rendering even if a message is ever sent without `AllowedMentions.none()`.
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)")
_CHANNEL = re.compile(r"<#(\d+)>")
# Everything `discord.utils.escape_markdown` can act on starts with one of these (its URL branch returns the
# URL unchanged); text without them, most fact lines, skips its regex substitution.
_MARKDOWN_HINT = re.compile(r"[_\\~|*`\[]|^\s*[-#>]", re.MULTILINE)


def escape(text: str) -> str:
    """Article or user text made inert: no Markdown, no mentions."""
    if _MARKDOWN_HINT.search(text):
        text = discord.utils.escape_markdown(text)
    if "@" in text:
        text = _MENTION.sub("@\u200b\\1", text)
    if "<#" in text:
        text = _CHANNEL.sub("<\u200b#\\1>", text)
    return text


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    # Never leave a lone escaping backslash at the end: it would escape the ellipsis.
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]
    return cut + ELLIPSIS


def escape_highlighted(text: str, marker: str) -> str:
    """Escape `text` but keep `marker`-delimited hits (search snippets) bold."""
    parts = text.split(marker)
    if len(parts) % 2 == 0:  # an unpaired marker: treat it all as plain text
        return escape(text)
    return "".join(escape(part) if i % 2 == 0 else f"**{escape(part)}**" for i, part in enumerate(parts))


@lru_cache(maxsize=256)  # few distinct source tuples: (1,), (1, 2), ...
def _marks(sources: tuple[int, ...]) -> str:
    return " " + "".join(f"[{n}]" for n in sources)


def render_line(line: Line, highlight: str | None = None) -> str:
    """One fact line as shown on Discord: escaped text followed by its source numbers."""
    text = escape_highlighted(line.text, highlight) if highlight else escape(line.text)
    return text + _marks(line.sources) if line.sources else text


def _group_heading(group: str) -> str:
    return f"**{escape(group)}**"


def _paginate(lines: tuple[Line, ...], first_budget: int, budget: int, per_page: int,
              highlight: str | None) -> list[list[str]]:
    """Split rendered lines into pages on line boundaries; a group heading is repeated on a new page."""
    pages: list[list[str]] = [[]]
    used = 0
    current_group: str | None = None
    count = 0
    for line in lines:
        limit = first_budget if len(pages) == 1 else budget
        text = render_line(line, highlight)
        heading = _group_heading(line.group) if line.group and line.group != current_group else None
        block = [heading, text] if heading else [text]
        size = len(heading) + len(text) + 2 if heading else len(text) + 1
        if pages[-1] and (used + size > limit or count >= per_page):
            pages.append([])
            used, count = 0, 0
            limit = budget
            if line.group and heading is None:  # continuing a group on a fresh page
                block = [_group_heading(line.group) + " (cont.)", text]
                size = sum(len(part) + 1 for part in block)
        if size > limit:  # a single line longer than a whole page
            room = limit - sum(len(part) + 1 for part in block[:-1]) - 1
            block[-1] = clip(block[-1], max(room, 1))
            size = sum(len(part) + 1 for part in block)
        pages[-1].extend(block)
        used += size
        count += 1
        current_group = line.group
    return pages


def _fields(answer: Answer) -> list[tuple[str, str]]:
    items = list(answer.extra.items())[:FIELDS_MAX]
    return [(clip(escape(str(k)), FIELD_NAME_MAX) or "-", clip(escape(str(v)), FIELD_VALUE_MAX) or "-")
            for k, v in items]


def _footer(provenance: str, page: int, total: int) -> str:
    """`provenance` already escaped; clipped here so the page marker always fits."""
    marker = f"page {page}/{total}" if total > 1 else ""
    base = clip(provenance, FOOTER_MAX - len(marker) - 3)
    return " · ".join(part for part in (base, marker) if part)


def answer_to_embeds(answer: Answer, *, lines_per_page: int = LINES_PER_PAGE,
                     highlight: str | None = None) -> list[discord.Embed]:
    """The answer as one embed per page, each page (with its footer) sendable as one message.

    `highlight`: a marker the lines use around search hits (e.g. "**"), shown as bold; all else is escaped."""
    title = clip(escape(answer.title), TITLE_MAX)
    intro = clip(escape(answer.intro), INTRO_MAX) if answer.intro else ""
    fields = _fields(answer)
    while fields and sum(len(n) + len(v) for n, v in fields) > FIELDS_TOTAL_MAX:
        fields.pop()  # extras are short counts; a runaway one must not crowd out the facts
    fields_size = sum(len(n) + len(v) for n, v in fields)
    # Worst-case footer: provenance plus " · page 999/999".
    provenance = escape(answer.provenance) if answer.provenance else ""
    per_message = MESSAGE_EMBED_TOTAL - len(title) - len(_footer(provenance, 999, 999))
    budget = min(DESCRIPTION_MAX, per_message)
    intro_size = len(intro) + 2 if intro else 0
    first_budget = min(DESCRIPTION_MAX, per_message - fields_size) - intro_size

    pages = _paginate(answer.lines, first_budget, budget, lines_per_page, highlight) if answer.lines else [[]]
    embeds: list[discord.Embed] = []
    for number, page in enumerate(pages, start=1):
        parts = []
        if number == 1 and intro:
            parts.append(intro)
        parts.append("\n".join(page) if page else escape(answer.empty))
        embed = discord.Embed(title=title, description=clip("\n\n".join(p for p in parts if p), DESCRIPTION_MAX),
                              colour=COLOUR)
        if number == 1:
            for name, value in fields:
                embed.add_field(name=name, value=value, inline=True)
        footer = _footer(provenance, number, len(pages))
        if footer:
            embed.set_footer(text=footer)
        embeds.append(embed)
    return embeds

