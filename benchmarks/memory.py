"""Memory of the serving bot: resident set (VmRSS, peak VmHWM from /proc) of a `factbot run`-style process
(`bot.client.run.serve`) logged in to the loopback emulator with every cog loaded and `--n` articles in
its database, after it has answered a first command. Goal: <= 80 MB. Baseline: a bare
`python -c "import discord"` process.

    python -m benchmarks.memory [--n 10000]

The emulator runs in this process; the bot runs in a child, so neither's memory counts for the other.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

from benchmarks.corpus import generate
from benchmarks.report import Figure, at_most, not_available, parser, run_main
from benchmarks.workspace import ROOT, synthetic_db

NAME = "memory"
DEFAULT_N = 10_000
COMMANDS_AFTER = 200  # varied commands answered before the second reading
HEAVY_LIBRARIES = ("/spacy/", "/thinc/", "/torch/", "/blis/")


def status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def heavy_libraries(pid: int) -> list[str]:
    """Shared objects of spaCy & co. mapped into a process (it imported them)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return sorted({line.split()[-1] for line in maps.splitlines() if any(h in line for h in HEAVY_LIBRARIES)})


def bare_discord_kb() -> int:
    code = "import discord; print(open('/proc/self/status').read())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[1]) for line in out.splitlines() if line.startswith("VmRSS"))


# The serving process runs exactly what `factbot run` starts, configured through the environment, and
# imports nothing from `benchmarks` so that none of this harness counts in its memory.
SERVE = """
import asyncio, logging
from bot.client.run import serve
from bot.settings import Settings
logging.basicConfig(level=logging.WARNING)
asyncio.run(serve(Settings(_env_file=None)))
"""


async def _drive(db: Path, n: int, seed: int) -> dict[str, Any]:
    from bot.client import FactBot, sync_tree
    from bot.client.endpoints import point_at
    from bot.settings import Settings
    from tests.emulator import Emulator, point_discord_at

    async with Emulator(validate_openapi=False) as emu:
        env = {"FACTBOT_DB": str(db), "DISCORD_TOKEN": emu.token, "DISCORD_API_BASE": emu.api_base,
               "DISCORD_GATEWAY_URL": emu.gateway_url, "LOG_LEVEL": "WARNING"}
        settings = Settings(_env_file=None, factbot_db=db, discord_token=emu.token, discord_api_base=emu.api_base,
                            discord_gateway_url=emu.gateway_url)
        with point_discord_at(emu):  # register the commands the way `factbot sync` does (REST only)
            point_at(settings)
            async with FactBot(store=None, settings=settings) as syncer:
                await syncer.login(emu.token)
                await sync_tree(syncer)
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", SERVE, cwd=ROOT, env={**os.environ, **env},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            await emu.wait_ready(120)  # the bot identified: store open, index built, cogs loaded
            first = await (await emu.slash("articles")).wait_final(60)
            startup = status_kb(child.pid)
            stories = [g.story for g in generate(min(n, 500), seed)]
            for i in range(COMMANDS_AFTER):
                s = stories[i % len(stories)]
                command, options = [("partners", {"initiative": s.initiative}), ("people", {"article": s.initiative}),
                                    ("about", {"name": s.leader}), ("search", {"query": s.city})][i % 4]
                await (await emu.slash(command, options)).wait_final(60)
            after = status_kb(child.pid)
            libraries = heavy_libraries(child.pid)
        finally:
            if child.returncode is None:
                child.terminate()
            _, err = await child.communicate()
    return {"startup": startup, "after": after, "libraries": libraries, "first": first.text[:120],
            "stderr": err.decode(errors="replace")[-300:]}


def measure(args: argparse.Namespace) -> list[Figure]:
    try:
        import bot.client.run  # noqa: F401
        import tests.emulator  # noqa: F401
    except ImportError as exc:
        return [not_available(NAME, "serving bot RSS", str(exc))]
    baseline = bare_discord_kb() / 1024
    with tempfile.TemporaryDirectory(prefix="factbot-memory-") as tmp:
        db = synthetic_db(args.n, args.seed, Path(tmp))
        try:
            r = asyncio.run(_drive(db, args.n, args.seed))
        except (TimeoutError, AssertionError) as exc:
            return [not_available(NAME, "serving bot RSS", f"the bot did not answer: {exc!r}")]
    label = f"{args.n:,} articles, cogs loaded"
    return [
        Figure(NAME, f"serving bot VmRSS after startup ({label})", r["startup"]["VmRSS"] / 1024, "MB", baseline,
               "import discord", at_most(80)),
        Figure(NAME, "serving bot VmHWM (peak) after startup", r["startup"]["VmHWM"] / 1024, "MB", baseline,
               "import discord", at_most(80)),
        Figure(NAME, f"serving bot VmRSS after {COMMANDS_AFTER} more commands", r["after"]["VmRSS"] / 1024, "MB",
               baseline, "import discord"),
        Figure(NAME, f"serving bot VmHWM after {COMMANDS_AFTER} more commands", r["after"]["VmHWM"] / 1024, "MB",
               baseline, "import discord"),
        Figure(NAME, "spaCy/thinc libraries mapped in the serving bot", len(r["libraries"]), "", goal=at_most(0)),
    ]


def build_parser() -> argparse.ArgumentParser:
    return parser("python -m benchmarks.memory", "Resident memory of the serving bot.", DEFAULT_N)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("benchmarks.memory", argv, build_parser, measure)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
