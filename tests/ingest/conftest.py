from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.store import FactStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_cd5db82c5d4ec0f6.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def corpus_article(name: str = "101_carbios_loreal_consortium.txt") -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus article {name} not available")
    return path


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A seeds folder with the seed article and one corpus article."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(corpus_article(), folder)
    return folder


@pytest.fixture
def settings(tmp_path, seeds) -> Settings:
    return Settings(_env_file=None, factbot_db=tmp_path / "facts.db", factbot_seeds=seeds, factbot_workers=1)


@pytest.fixture
async def store(settings):
    async with await FactStore.open(settings.factbot_db) as opened:
        yield opened
