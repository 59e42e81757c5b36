from __future__ import annotations

import pytest

from bot.store import FactStore, WritePlan
from tests.store.seed_facts import other_article, seed_processed


@pytest.fixture
async def store(tmp_path):
    async with await FactStore.open(tmp_path / "db" / "facts.db") as opened:
        yield opened


@pytest.fixture
async def filled(store):
    """A store holding the seed article and a second article that names the same organisations differently."""
    await store.apply(WritePlan(upserts=[seed_processed(), other_article()]))
    return store
