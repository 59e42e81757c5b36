"""Memoised name keys: extraction asks for the same few hundred keys thousands of times per article."""

from __future__ import annotations

from functools import lru_cache

from bot import names

# Pure functions of a string, so a process-wide cache is safe; bounded so a long ingest cannot grow it forever.
name_key = lru_cache(maxsize=1 << 15)(names.name_key)
core_key = lru_cache(maxsize=1 << 15)(names.core_key)
acronym_of = lru_cache(maxsize=1 << 14)(names.acronym_of)
fold = lru_cache(maxsize=1 << 14)(names.fold)
