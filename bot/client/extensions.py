"""Find, load and reload the extensions in the `cogs` package, reporting failures instead of raising."""

from __future__ import annotations

import logging
import pkgutil

from discord.ext import commands

import cogs

log = logging.getLogger(__name__)


def discover_extensions() -> tuple[str, ...]:
    """Every module in the `cogs` package, as extension names (`cogs.facts`, ...), sorted."""
    return tuple(sorted(f"{cogs.__name__}.{m.name}" for m in pkgutil.iter_modules(cogs.__path__)
                        if not m.name.startswith("_")))


def _reason(error: BaseException) -> str:
    cause = error.__cause__ or error
    return f"{type(cause).__name__}: {cause}"


async def load_extensions(bot: commands.Bot, names: tuple[str, ...]) -> dict[str, str]:
    """Load each extension; one that fails is logged and left out. Returns name -> reason for failures."""
    failed: dict[str, str] = {}
    for name in names:
        try:
            await bot.load_extension(name)
        except commands.ExtensionError as error:
            log.exception("extension %s failed to load", name)
            failed[name] = _reason(error)
    return failed


async def reload_extensions(bot: commands.Bot, names: tuple[str, ...]) -> dict[str, str | None]:
    """Reload (or load, if it is not loaded) each extension: name -> None when fine, else the reason.

    discord.py rolls a failed reload back to the previous module, so a broken edit keeps the old commands.
    """
    results: dict[str, str | None] = {}
    for name in names:
        try:
            if name in bot.extensions:
                await bot.reload_extension(name)
            else:
                await bot.load_extension(name)
        except commands.ExtensionError as error:
            log.exception("extension %s failed to reload", name)
            results[name] = _reason(error)
        else:
            results[name] = None
    return results
