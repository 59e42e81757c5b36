"""Score exported article records against the hand-written gold files of the corpus.

`score(records, gold_dir)` -> EvalReport; `format_report(report)` prints one table. Names are compared the way
the corpus README advises (bot.names keys, corporate suffixes, acronyms as aliases); person roles fuzzily.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from bot.names import acronym_of, core_key, name_key

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpus"
DEFAULT_ARTICLES = CORPUS / "articles"
DEFAULT_GOLD = CORPUS / "gold"
SEED = REPO / "seeds" / "000_cd5db82c5d4ec0f6.txt"
_ROLE_STOP = frozenset("of the and for at in on a an".split())


@dataclass(slots=True)
class Metric:
    name: str
    tp: float = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Rate:
    name: str
    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass(slots=True)
class EvalReport:
    articles: int
    metrics: dict[str, Metric]
    rates: dict[str, Rate]
    rouge: dict[str, dict[str, float]]  # {"ours"|"lead3": {"rouge1": f, "rouge2": f, "rougeL": f}}
    misses: list[str] = field(default_factory=list)  # "file: what went wrong" lines for tuning

    def f1(self, name: str) -> float:
        return self.metrics[name].f1


def same_org(a: str | None, b: str | None) -> bool:
    """README matching: keys, corporate suffixes, and an acronym for its full name."""
    if a is None or b is None:
        return a is b
    ka, kb = name_key(a), name_key(b)
    if ka == kb or core_key(a) == core_key(b):
        return True
    for short, long in ((a, b), (b, a)):
        if short.replace(".", "").isupper() and " " not in short.strip() and acronym_of(long) == short.replace(".", ""):
            return True
    return False


def same_employer(a: str | None, b: str | None) -> bool:
    """A person's organisation: as `same_org`, or one is a named unit of the other ('IBM Research' ~ 'IBM')."""
    if same_org(a, b):
        return True
    if a is None or b is None:
        return False
    ka, kb = name_key(a), name_key(b)
    return ka.startswith(kb + " ") or kb.startswith(ka + " ")


def same_role(a: str | None, b: str | None) -> bool:
    """Fuzzy title match: same content words, or one title's words contain the other's."""
    if a is None or b is None:
        return a is b
    wa = {w for w in re.findall(r"[a-z]+", name_key(a).replace("-", " ")) if w not in _ROLE_STOP}
    wb = {w for w in re.findall(r"[a-z]+", name_key(b).replace("-", " ")) if w not in _ROLE_STOP}
    if not wa or not wb:
        return wa == wb
    return wa <= wb or wb <= wa or len(wa & wb) / len(wa | wb) >= 0.5


def _match(metric: Metric, predicted: list[Any], expected: list[Any], same: Callable[[Any, Any], bool]) -> list[Any]:
    """Greedy one-to-one matching; returns the expected items that were missed."""
    metric.predicted += len(predicted)
    metric.expected += len(expected)
    free = list(predicted)
    missed = []
    for item in expected:
        hit = next((p for p in free if same(p, item)), None)
        if hit is None:
            missed.append(item)
        else:
            free.remove(hit)
            metric.tp += 1
    return missed


METRICS = ("partners", "partners_role", "partners_role_initiative", "initiatives", "people", "people_role_org",
           "domains")
RATES = ("distractors", "initiative_acronym", "initiative_led_by", "title", "date", "location", "citations",
         "source_urls")


def score(records: list[dict], gold_dir: Path = DEFAULT_GOLD, article_dirs: Sequence[Path] | None = None) -> EvalReport:
    """Compare exported records with gold files of the same name; Lead-3 comes from the article files."""
    metrics = {name: Metric(name) for name in METRICS}
    rates = {name: Rate(name) for name in RATES}
    misses: list[str] = []
    pairs = []
    for record in records:
        gold_file = Path(gold_dir) / (Path(record["file"]).stem + ".json")
        if gold_file.exists():
            pairs.append((record, json.loads(gold_file.read_text(encoding="utf-8"))))
    for record, gold in pairs:
        f = record["file"]
        orgs = lambda p, g: same_org(p["org"], g["org"])  # noqa: E731
        for g in _match(metrics["partners"], _unique(record["partners"]), _unique(gold["partners"]), orgs):
            misses.append(f"{f}: partner missed {g['org']}")
        _match(metrics["partners_role"], record["partners"], gold["partners"],
               lambda p, g: orgs(p, g) and p["role"] == g["role"])
        _match(metrics["partners_role_initiative"], record["partners"], gold["partners"],
               lambda p, g: orgs(p, g) and p["role"] == g["role"] and same_org(p["initiative"], g["initiative"]))
        gold_partners = [g["org"] for g in gold["partners"]]
        for p in record["partners"]:
            if not any(same_org(p["org"], g) for g in gold_partners):
                misses.append(f"{f}: partner extra {p['org']} ({p['role']})")
        named = lambda p, g: same_org(p["name"], g["name"]) or bool(  # noqa: E731
            g["acronym"] and same_org(p["name"], g["acronym"]) or p.get("acronym") and same_org(p["acronym"], g["name"]))
        for g in _match(metrics["initiatives"], record["initiatives"], gold["initiatives"], named):
            misses.append(f"{f}: initiative missed {g['name']}")
        for g in gold["initiatives"]:
            p = next((p for p in record["initiatives"] if named(p, g)), None)
            if p is not None:
                rates["initiative_acronym"].total += 1
                rates["initiative_acronym"].hits += name_key(p["acronym"] or "") == name_key(g["acronym"] or "")
                rates["initiative_led_by"].total += 1
                led = same_org(p["led_by"], g["led_by"])
                rates["initiative_led_by"].hits += led
                if not led:
                    misses.append(f"{f}: led_by of {g['name']}: {p['led_by']} != {g['led_by']}")
        people = lambda p, g: name_key(p["name"]) == name_key(g["name"])  # noqa: E731
        _match(metrics["people"], record["people"], gold["people"], people)
        for g in _match(metrics["people_role_org"], record["people"], gold["people"],
                        lambda p, g: people(p, g) and same_role(p["role"], g["role"]) and same_employer(p["org"], g["org"])):
            misses.append(f"{f}: person {g['name']} ({g['role']}, {g['org']})")
        _match(metrics["domains"], record["domains"], gold["domains"], lambda p, g: p == g)
        for org in gold.get("non_partner_orgs", []):
            rates["distractors"].total += 1
            reported = any(same_org(p["org"], org) for p in record["partners"])
            rates["distractors"].hits += not reported
            if reported:
                misses.append(f"{f}: distractor reported as partner: {org}")
        for key in ("title", "date", "location", "citations"):
            rates[key].total += 1
            rates[key].hits += record.get(key) == gold.get(key)
        rates["source_urls"].total += 1
        rates["source_urls"].hits += _urls(record) == _urls(gold)
    rouge = _rouge(pairs, list(article_dirs) if article_dirs else [Path(gold_dir).parent / "articles", SEED.parent])
    return EvalReport(len(pairs), metrics, rates, rouge, misses)


def _unique(partners: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in partners:
        if core_key(p["org"]) not in seen:
            seen.add(core_key(p["org"]))
            out.append(p)
    return out


def _urls(record: dict) -> list[tuple[int, str | None]]:
    return sorted((s["n"], s["url"]) for s in record.get("sources", []))


def lead3(file: str, article_dirs: Sequence[Path]) -> str | None:
    """The first three body sentences of the article file, if it can be found."""
    from bot.parse import ArticleError, parse_file

    for folder in article_dirs:
        path = Path(folder) / file
        if path.exists():
            try:
                article = parse_file(path)
            except ArticleError:
                return None
            return " ".join(s.text for s in article.sentences[:3])
    return None


def _rouge(pairs: list[tuple[dict, dict]], article_dirs: Sequence[Path]) -> dict[str, dict[str, float]]:
    from rouge_score import rouge_scorer  # optional dependency, only needed when scoring

    kinds = ("rouge1", "rouge2", "rougeL")
    scorer = rouge_scorer.RougeScorer(list(kinds), use_stemmer=True)
    totals = {"ours": dict.fromkeys(kinds, 0.0), "lead3": dict.fromkeys(kinds, 0.0)}
    n = 0
    for record, gold in pairs:
        baseline = lead3(record["file"], article_dirs)
        if not gold.get("summary") or baseline is None:
            continue
        n += 1
        for label, text in (("ours", record.get("summary") or ""), ("lead3", baseline)):
            result = scorer.score(gold["summary"], text)
            for kind in kinds:
                totals[label][kind] += result[kind].fmeasure
    return {label: {k: v / n if n else 0.0 for k, v in scores.items()} for label, scores in totals.items()}


def format_report(report: EvalReport) -> str:
    """A plain-text table: P/R/F1 per metric, rates, and ROUGE against the Lead-3 baseline."""
    lines = [f"articles scored: {report.articles}", "", f"{'metric':<28}{'precision':>10}{'recall':>10}{'F1':>10}"]
    for m in report.metrics.values():
        lines.append(f"{m.name:<28}{m.precision:>10.3f}{m.recall:>10.3f}{m.f1:>10.3f}")
    lines += ["", f"{'rate':<28}{'value':>10}{'hits':>10}{'total':>10}"]
    for r in report.rates.values():
        lines.append(f"{r.name:<28}{r.value:>10.3f}{r.hits:>10}{r.total:>10}")
    lines += ["", f"{'summary (F-measure)':<28}{'ours':>10}{'lead-3':>10}{'delta':>10}"]
    for kind in ("rouge1", "rouge2", "rougeL"):
        ours, base = report.rouge["ours"][kind], report.rouge["lead3"][kind]
        lines.append(f"{kind:<28}{ours:>10.3f}{base:>10.3f}{ours - base:>+10.3f}")
    return "\n".join(lines)


def evaluate_dir(nlp: "Language", articles_dir: Path = DEFAULT_ARTICLES, gold_dir: Path = DEFAULT_GOLD,
                 extra: Sequence[Path] = (SEED,)) -> EvalReport:
    """parse -> extract -> article_record for every article (no database), then `score`."""
    from bot.export import article_record
    from bot.extract import process
    from bot.parse import parse_file

    paths = sorted(Path(articles_dir).glob("*.txt")) + [Path(p) for p in extra if Path(p).exists()]
    articles = [parse_file(p) for p in paths]
    records = [article_record(p.article, p.facts) for p in process(nlp, articles)]
    dirs = [Path(articles_dir)] + [Path(p).parent for p in extra]
    return score(records, gold_dir, dirs)
