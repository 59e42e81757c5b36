"""What every benchmark prints: machine info, the command, and a table of figures against baselines.

A `Figure` is one measured value next to a baseline measured in the same run; the goal is either on the
ratio (value / baseline) or on the value itself, so figures stay comparable on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Sequence

from bot.settings import DEFAULT_MODEL


@dataclass(frozen=True, slots=True)
class Goal:
    """`on` is "ratio" or "value"; `at_least` says which side of `limit` is good."""

    on: str
    limit: float
    at_least: bool

    def met(self, value: float, ratio: float | None) -> bool | None:
        measured = ratio if self.on == "ratio" else value
        if measured is None:
            return None
        return measured >= self.limit if self.at_least else measured <= self.limit

    def text(self, unit: str) -> str:
        sign = ">=" if self.at_least else "<="
        return f"ratio {sign} {self.limit:g}" if self.on == "ratio" else f"{sign} {self.limit:g} {unit}".strip()


def at_least_ratio(limit: float) -> Goal:
    return Goal("ratio", limit, True)


def at_most(limit: float) -> Goal:
    return Goal("value", limit, False)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the table. `missing` (a reason) replaces the numbers when a part is not available."""

    benchmark: str
    name: str
    value: float | None = None
    unit: str = ""
    baseline: float | None = None
    baseline_name: str = ""
    goal: Goal | None = None
    missing: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.goal.met(self.value, self.ratio)


def not_available(benchmark: str, name: str, why: str) -> Figure:
    return Figure(benchmark, name, missing=why)


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.01 or x == 0:
        return f"{x:.3f}".rstrip("0").rstrip(".") if abs(x) < 1 else f"{x:.2f}"
    return f"{x:.2g}"


def rows(figures: Sequence[Figure]) -> list[list[str]]:
    """The table as text cells: benchmark, figure, value, baseline, ratio, goal, met?."""
    out = []
    for f in figures:
        if f.missing:
            out.append([f.benchmark, f.name, f"not available: {f.missing}", "", "", "", ""])
            continue
        baseline = f"{_fmt(f.baseline)} {f.unit} ({f.baseline_name})" if f.baseline is not None else "-"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        out.append([f.benchmark, f.name, f"{_fmt(f.value)} {f.unit}".strip(), baseline, ratio,
                    f.goal.text(f.unit) if f.goal else "-", met])
    return out


def table(figures: Sequence[Figure]) -> str:
    header = ["benchmark", "figure", "value", "baseline", "ratio", "goal", "met?"]
    body = rows(figures)
    # "not available" rows run past the columns, so they do not set the widths
    measured = [r for r in body if not r[2].startswith("not available")]
    widths = [max(len(r[i]) for r in [header, *measured]) for i in range(len(header))]
    widths[:2] = [max(len(r[i]) for r in [header, *body]) for i in range(2)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(header, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    for r in body:
        if r[2].startswith("not available"):
            lines.append(f"{r[0].ljust(widths[0])} | {r[1].ljust(widths[1])} | {r[2]}")
        else:
            lines.append(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(lines)


def markdown(figures: Sequence[Figure]) -> str:
    header = ["benchmark", "figure", "value", "baseline", "ratio", "goal", "met?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows(figures)]
    return "\n".join(lines)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    """Where the figures were taken; reads package metadata so spaCy itself is never imported here."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = os.environ.get("SPACY_MODEL", DEFAULT_MODEL)
    return {
        "cpus": f"{os.cpu_count()} ({usable} usable)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(terse=True),
        "spacy": _version("spacy"),
        "model": f"{model} {_version(model.replace('_', '-'))}",
        "sqlite": sqlite3.sqlite_version,
        "discord.py": _version("discord.py"),
    }


def header(command: str) -> str:
    info = machine()
    lines = [f"machine: {', '.join(f'{k} {v}' for k, v in info.items())}", f"command: {command}"]
    return "\n".join(lines)


def command_line(module: str, argv: Sequence[str] | None) -> str:
    args = list(sys.argv[1:] if argv is None else argv)
    return " ".join(["python -m", module, *args])


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def parser(prog: str, description: str, default_n: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--n", type=int, default=default_n, help=f"articles in the benchmark (default {default_n})")
    p.add_argument("--seed", type=int, default=1, help="corpus seed")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    return p


def run_main(module: str, argv: Sequence[str] | None, build: Callable[[], argparse.ArgumentParser],
             measure: Callable[[argparse.Namespace], list[Figure]]) -> int:
    """Shared `main`: parse args, print machine + command, measure, print the table. Exit 0 even when a
    goal is missed (that is a finding, not a crash)."""
    args = build().parse_args(argv)
    print(header(command_line(module, argv)), flush=True)
    figures = measure(args)
    print(markdown(figures) if args.markdown else table(figures), flush=True)
    return 0
