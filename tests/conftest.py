"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from bot.nlp import load_pipeline

    return load_pipeline()
