"""Recently rendered answers, so a question asked again is not queried and rendered again.

What is cached: the embeds (pages) of a fact command, keyed by (command, its arguments, highlight marker),
for one state of the store. Every commit (reload, upload, a refresh after another process wrote) moves
`store.generation`, and the first lookup after that empties the cache. Bounded (least recently used goes
first). Errors (a name that matches nothing) are not cached. Embeds are shared between the messages that
show them, so nothing may change an embed after it is cached.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Awaitable, Callable, Hashable

import discord

from bot.render.answer import Answer
from bot.render.embeds import answer_to_embeds

ANSWER_CACHE_SIZE = 256  # a few MB at most: pages are short strings


class AnswerCache:
    """Pages of recent answers for the current store state; `size=0` turns caching off."""

    def __init__(self, size: int = ANSWER_CACHE_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._pages: OrderedDict[Hashable, list[discord.Embed]] = OrderedDict()
        self._state: tuple[int, int] | None = None  # (id of the store, generation) the pages were read at
        self._store: Any = None  # kept so the id above cannot be reused by another store

    def __len__(self) -> int:
        return len(self._pages)

    async def pages(self, store: Any, command: Callable[..., Awaitable[Answer]], *, highlight: str | None = None,
                    **arguments: Any) -> list[discord.Embed]:
        """The pages of `command(store, **arguments)` (a `bot.answers` command), from the cache when the
        store has not changed since they were rendered."""
        key = (getattr(command, "__qualname__", repr(command)), tuple(sorted(arguments.items())), highlight)
        if self.size > 0 and self._state == (id(store), store.generation) and store is self._store:
            pages = self._pages.get(key)
            if pages is not None:
                self._pages.move_to_end(key)
                self.hits += 1
                return pages
        self.misses += 1
        answer = await command(store, **arguments)
        # Read right after the command returns, with no await in between: `bot.answers` commands return
        # only once they saw one state from start to end, so this is the generation the answer comes from.
        generation = store.generation
        pages = answer_to_embeds(answer, highlight=highlight)
        if self.size > 0 and generation % 2 == 0:
            self._remember((id(store), generation), store, key, pages)
        return pages

    def _remember(self, state: tuple[int, int], store: Any, key: Hashable, pages: list[discord.Embed]) -> None:
        if self._state is not None and store is self._store and state[1] < self._state[1]:
            return  # a slow answer from before a commit that newer answers already replaced
        if state != self._state:
            self._pages.clear()
            self._state, self._store = state, store
        self._pages[key] = pages
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def clear(self) -> None:
        self._pages.clear()
        self._state = self._store = None
