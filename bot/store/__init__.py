"""SQLite storage of articles and facts: schema migrations, the reload writer, read queries, the name index."""

from bot.store.fts import match_expression
from bot.store.index import IndexEntry, NameIndex
from bot.store.index import article_label
from bot.store.store import FactStore
from bot.store.write import WritePlan

__all__ = ["FactStore", "IndexEntry", "NameIndex", "WritePlan", "article_label", "match_expression"]
