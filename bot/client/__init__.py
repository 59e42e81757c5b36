"""The Discord side of factbot: a thin `commands.Bot`, its command tree, paging and the entry points.

Importing this package never imports spaCy: ingestion is imported lazily by `/admin reload`.
"""

from bot.client.bot import FactBot
from bot.client.run import run_bot, serve, sync_commands, sync_tree

__all__ = ["FactBot", "run_bot", "serve", "sync_commands", "sync_tree"]
