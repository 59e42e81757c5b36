"""The rule tables in rules.json, loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.json")


@cache
def rules() -> dict[str, Any]:
    """The parsed rule file."""
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def words(table: str) -> frozenset[str]:
    """A word table by name, as a set."""
    return frozenset(rules()[table])
