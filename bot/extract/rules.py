"""The rule tables in rules.json, loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.json")


@cache
def rules() -> dict[str, Any]:
    """The parsed rule file; list tables of words are turned into frozensets."""
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return {k: frozenset(v) if isinstance(v, list) and v and isinstance(v[0], str) else v for k, v in data.items()}


def words(table: str) -> frozenset[str]:
    """A word table by name."""
    return rules()[table]
