"""`factbot` command line: ingest articles, ask the fact database, export/evaluate, run the Discord bot.

Every answering subcommand takes `--db PATH` and `--json`. Errors print one line (a traceback only with
`--debug`); an unknown name exits 1 with suggestions, a usage error exits 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Awaitable, Callable, TextIO

from bot.render.answer import Answer, NotFound
from bot.render.text import to_json, to_text
from bot.settings import Settings, get_settings

PROGRESS_AFTER = 50  # without a terminal, show progress only for runs with this many files to process


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="SQLite database file (default: FACTBOT_DB)")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    answering = argparse.ArgumentParser(add_help=False, parents=[common])
    answering.add_argument("--json", action="store_true", help="print the answer's data as JSON")

    parser = argparse.ArgumentParser(prog="factbot", description="Sourced facts from news articles.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("ingest", parents=[answering], help="ingest the seeds folder, or the given files/folders")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    sub.add_parser("articles", parents=[answering], help="list the most recent articles")
    p = sub.add_parser("partners", parents=[answering], help="partners of an initiative or article, by role")
    p.add_argument("--initiative", metavar="NAME")
    p.add_argument("--article", metavar="ID")
    p = sub.add_parser("summary", parents=[answering], help="an article's summary sentences")
    p.add_argument("--article", metavar="ID")
    p.add_argument("--sentences", type=int, default=3, metavar="N")
    for name, text in (("sources", "an article's sources and how often they are cited"),
                       ("people", "the people an article names")):
        sub.add_parser(name, parents=[answering], help=text).add_argument("--article", metavar="ID")
    p = sub.add_parser("search", parents=[answering], help="full-text search over every sentence")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    sub.add_parser("about", parents=[answering], help="everything known about an organisation or person") \
        .add_argument("name", nargs="+")
    sub.add_parser("stats", parents=[answering], help="how many articles and facts the database holds")
    sub.add_parser("export", parents=[common], help="every article as a gold-format JSON record")
    p = sub.add_parser("eval", parents=[common], help="ingest into a temporary database and score against gold labels")
    p.add_argument("--articles", type=Path, metavar="DIR",
                   help="article folder (default: ../shared/corpus/articles plus the seed article)")
    p.add_argument("--gold", type=Path, metavar="DIR",
                   help="gold label folder (default: ../gold next to the articles, else the shared corpus)")
    sub.add_parser("bench", help="run the benchmarks (options: factbot bench --help)", add_help=False)
    sub.add_parser("run", parents=[common], help="run the Discord bot")
    sub.add_parser("sync", parents=[common], help="register the slash commands with Discord")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `factbot` console script; returns the exit code."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:  # its own options, parsed by the benchmarks package
        return _bench(argv[1:])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and usage errors (2)
        return int(exc.code or 0)
    try:
        settings = get_settings()
        if args.db:
            settings = settings.model_copy(update={"factbot_db": args.db})
        if args.command in ("run", "sync"):
            return _discord(args.command, settings)
        return asyncio.run(COMMANDS[args.command](args, settings))
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if getattr(args, "debug", False):
            traceback.print_exc()
        else:
            print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 300 else text[:297] + "..."


def _print(answer: Answer, as_json: bool) -> None:
    print(to_json(answer) if as_json else to_text(answer))


async def _answer(args: argparse.Namespace, settings: Settings,
                  ask: Callable[[Any], Awaitable[Answer]]) -> int:
    from bot.store import FactStore

    async with await FactStore.open(settings.factbot_db) as store:
        answer = await ask(store)
    _print(answer, args.json)
    return 0


def _asking(build: Callable[[argparse.Namespace], Callable[[Any], Awaitable[Answer]]]):
    async def command(args: argparse.Namespace, settings: Settings) -> int:
        return await _answer(args, settings, build(args))
    return command


def _answers():
    from bot import answers

    return answers


async def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot import answers
    from bot.ingest import reload
    from bot.store import FactStore

    bar = ProgressBar(sys.stderr)
    async with await FactStore.open(settings.factbot_db) as store:
        report = await reload(store, settings.factbot_seeds, settings, paths=args.paths or None, progress=bar)
    bar.finish()
    _print(answers.report(report), args.json)
    return report.exit_code


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    records = await export_records(settings.factbot_db)
    print(json.dumps(records, ensure_ascii=False, indent=2))
    return 0


async def export_records(db: Path) -> list[dict]:
    """One `bot.export.article_record` per stored article, ordered by file name."""
    from bot.export import article_record
    from bot.store import FactStore

    async with await FactStore.open(db) as store:
        loaded = [await store.load_processed(article_id) for article_id in await store.article_ids()]
    loaded.sort(key=lambda p: p.article.file)
    return [article_record(p.article, p.facts) for p in loaded]


async def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import DEFAULT_ARTICLES, DEFAULT_GOLD, SEED, format_report, score
    from bot.ingest import reload
    from bot.store import FactStore

    # Default: the labelled corpus plus the seed article (whose gold label lives with the corpus's).
    inputs = [args.articles] if args.articles else [DEFAULT_ARTICLES, SEED]
    gold = args.gold or next((g for g in (inputs[0].parent / "gold", DEFAULT_GOLD) if g.is_dir()), DEFAULT_GOLD)
    for label, path in [("articles", p) for p in inputs] + [("gold", gold)]:
        if not path.exists():
            print(f"error: {label} not found: {path} (use --{label} DIR)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="factbot-eval-") as tmp:
        db = Path(tmp) / "eval.db"
        bar = ProgressBar(sys.stderr)
        async with await FactStore.open(db) as store:
            ingest = await reload(store, inputs[0], settings, paths=inputs, progress=bar)
        bar.finish()
        for name, reason in ingest.rejected:
            print(f"rejected {name}: {reason}", file=sys.stderr)
        records = await export_records(db)
    folders = [p if p.is_dir() else p.parent for p in inputs]
    print(format_report(score(records, gold, article_dirs=folders)))
    return 0


def _bench(argv: list[str]) -> int:
    try:
        from benchmarks.__main__ import main as bench_main
    except ImportError:
        print("error: the benchmarks package is not installed (run from a source checkout)", file=sys.stderr)
        return 2
    return bench_main(argv)


def _discord(command: str, settings: Settings) -> int:
    try:
        import bot.client as client
    except ImportError as exc:
        print(f"error: the Discord client is not available ({exc})", file=sys.stderr)
        return 1
    entry = getattr(client, "run_bot" if command == "run" else "sync_commands", None)
    if entry is None:
        print(f"error: bot.client has no {'run_bot' if command == 'run' else 'sync_commands'}", file=sys.stderr)
        return 1
    return int(entry(settings) or 0)


class ProgressBar:
    """A one-line progress bar on stderr: redrawn on a terminal, else a line per tenth for long runs."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.shown = False
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or not (self.tty or total >= PROGRESS_AFTER):
            return
        if not self.tty:
            tenth = done * 10 // total
            if tenth == self.last_tenth:
                return
            self.last_tenth = tenth
        filled = self.width * done // total
        text = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} articles, " \
               f"{time.monotonic() - self.started:.0f}s"
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], Awaitable[int]]] = {
    "ingest": _ingest,
    "articles": _asking(lambda a: lambda s: _answers().articles(s)),
    "partners": _asking(lambda a: lambda s: _answers().partners(s, initiative=a.initiative, article=a.article)),
    "summary": _asking(lambda a: lambda s: _answers().summary(s, article=a.article, sentences=a.sentences)),
    "sources": _asking(lambda a: lambda s: _answers().sources(s, article=a.article)),
    "people": _asking(lambda a: lambda s: _answers().people(s, article=a.article)),
    "search": _asking(lambda a: lambda s: _answers().search(s, " ".join(a.query), limit=a.limit)),
    "about": _asking(lambda a: lambda s: _answers().about(s, " ".join(a.name))),
    "stats": _asking(lambda a: lambda s: _answers().stats(s)),
    "export": _export,
    "eval": _eval,
}
