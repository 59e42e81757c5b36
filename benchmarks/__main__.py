"""Run every benchmark and print one table: `python -m benchmarks [--n N] [--only ingest,queries] [--markdown]`.

`--n` (articles) applies to every benchmark; without it each uses its own default. `factbot bench` calls
`main(argv)`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from typing import Sequence

from benchmarks.report import Figure, command_line, header, markdown, not_available, table

BENCHMARKS = ("ingest", "reload", "queries", "discord", "memory")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks, print machine info, the command and one table; 0 unless a benchmark crashed."""
    p = argparse.ArgumentParser(prog="python -m benchmarks", description="Run the factbot benchmarks.")
    p.add_argument("--n", type=int, help="articles in every benchmark (default: each benchmark's own)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed")
    p.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {', '.join(BENCHMARKS)}")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = p.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(unknown)}")

    print(header(command_line("benchmarks", argv)), flush=True)
    figures: list[Figure] = []
    crashed = False
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        sub = ["--seed", str(args.seed)] + (["--n", str(args.n)] if args.n is not None else [])
        started = time.perf_counter()
        try:
            figures += module.measure(module.build_parser().parse_args(sub))
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            crashed = True
            figures.append(not_available(name, "benchmark", f"crashed: {type(exc).__name__}: {exc}"))
        print(f"{name}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(markdown(figures) if args.markdown else table(figures), flush=True)
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
