"""A hostile article corpus, generated at test time (nothing binary is committed).

`write_hostile_corpus(folder)` writes every file and returns what a reload must do with each: ingest it,
or reject it with a reason containing `Expectation.reason`.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass
from pathlib import Path

HUGE_BYTES = 50 * 1024 * 1024
CITATION_FLOOD = 10_000
SHARED_TITLE = "Harbour Robotics Alliance opens in Rotterdam"

# Text a renderer must make inert: pings, mention syntax, Markdown, an unclosed code fence.
PINGS = ("@everyone", "@here", "<@123>", "<@!123>", "<@&456>")
MARKDOWN_TEXT = ("The memo said **urgent** and __underlined__ and ~~struck~~ and ||spoiler|| text, "
                 "with a [link](https://evil.example/x) and `inline code` [1].")
FENCE_TEXT = "Engineers pasted ```python print('hi') into the release notes of the Pilot Line [1]."
SQL_TEXT = "A spokesperson typed '; DROP TABLE articles; -- into the Delta Battery Consortium form [1]."
FTS_TEXT = 'Analysts wrote "quote OR NEAR( star* AND NOT - ^col: about the Delta Battery Consortium [1].'
# Zero-width and right-to-left characters inside names.
INVISIBLE_ORG = "Nor\u200bdic Fu\u200del Ce\u2060lls"
RTL_ORG = "\u202eCorp Evil\u202c Holdings"
ARABIC_ORG = "\u0634\u0631\u0643\u0629 \u0627\u0644\u0646\u0648\u0631"  # an Arabic company name


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a reload must do with one hostile file."""

    outcome: str  # "ingested" or "rejected"
    reason: str | None = None  # for rejections: a fragment of the reason the report gives
    why: str = ""


def article(title: str, paragraphs: list[str], sources: list[str] = (), *, date: str = "2025-06-03",
            city: str = "Rotterdam, Tuesday, 3 June 2025.") -> str:
    """An article in the seed layout: title twice, date line, dateline + lede, body, sources, tags."""
    lede, *rest = paragraphs
    body = "\n\n".join(rest)
    listed = "\n".join(sources)
    return (f"{title}\n\n{title}\n\n{date} robotics\n\n{city}\n{lede}\n\nBackground\n\n{body}\n\n"
            f"Sources\n\n{listed}\n\nrobotics harbour")


def _ordinary(title: str, extra: str = "") -> str:
    return article(title, [
        "The Harbour Robotics Alliance was launched by the Port of Rotterdam and Delft University of Technology [1].",
        f"Siemens and ABB joined the alliance as founding members, the port said [1]. {extra}".strip(),
        "Maria Jansen, director of the alliance, said the first robots will be tested in 2026 [2].",
    ], ["[1] Port of Rotterdam - https://port.example/alliance", "[2] TU Delft - https://tudelft.example/news"])


def write_hostile_corpus(folder: Path) -> dict[str, Expectation]:
    """Write the hostile files into `folder` (created if needed); file name -> expectation."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expectation] = {}

    def put(name: str, data: bytes | str, expectation: Expectation) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = expectation

    rng = random.Random(7)
    put("h01_binary.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00",
        Expectation("rejected", "binary", "random bytes with NULs"))
    put("h02_empty.txt", b"", Expectation("rejected", "empty", "zero bytes"))
    _write_huge(folder / "h03_huge.txt")
    expect["h03_huge.txt"] = Expectation("rejected", "too large", "50 MB of text, over FACTBOT_MAX_FILE_BYTES")
    good = _ordinary("Harbour alliance tests invalid bytes").encode()
    put("h04_invalid_utf8.txt", good[:200] + b"\xc3\x28 \xff\xfe" + good[200:],
        Expectation("rejected", "UTF-8", "a bad byte sequence in the middle of the prose"))
    put("h05_utf16_bom.txt", codecs.BOM_UTF16_LE + _ordinary("Harbour alliance in UTF-16").encode("utf-16-le"),
        Expectation("ingested", why="UTF-16 with a byte-order mark is text"))
    put("h06_title_only.txt", "Only A Title Here\n", Expectation("rejected", "no article prose", "nothing but a title"))
    flood = " ".join(f"[{1 + i % 3}]" for i in range(CITATION_FLOOD))
    put("h07_citation_flood.txt", article("Citation flood", [f"The alliance exists {flood}.", "It is real [1]."],
                                          ["[1] A - https://a.example/1"]),
        Expectation("rejected", "too many citation markers", "10,000 markers, over FACTBOT_MAX_CITATIONS"))
    put("h08_unlisted_source.txt", article("Harbour alliance cites a ghost source", [
        "The Harbour Robotics Alliance was launched by the Port of Rotterdam [1].",
        "A leaked memo claims Siemens will leave the alliance [7].",
    ], ["[1] Port of Rotterdam - https://port.example/alliance"]),
        Expectation("ingested", why="marker [7] has no entry in the source list"))
    put("h09_duplicate_title_a.txt", _ordinary(SHARED_TITLE), Expectation("ingested", why="same title as h10"))
    put("h10_duplicate_title_b.txt", _ordinary(SHARED_TITLE, "The alliance later added a second test site [2]."),
        Expectation("ingested", why="same title as h09"))
    put("h11_invisible_names.txt", article("Hidden characters in partner names", [
        f"The Fuel Cell Pilot Line was launched by {INVISIBLE_ORG} and {RTL_ORG} [1].",
        f"{ARABIC_ORG} joined the Fuel Cell Pilot Line as a member, said Ah\u200bmed Al\u200f-Sayed, its chief "
        "executive [1].",
    ], ["[1] Wire - https://wire.example/fuel"]),
        Expectation("ingested", why="zero-width and right-to-left characters inside names"))
    put("h12_mentions_markdown.txt", article("Alert @everyone <@123> **now**", [
        f"Pinging {' and '.join(PINGS)} about the Harbour Robotics Alliance, said Jan de Vries [1].",
        MARKDOWN_TEXT,
        FENCE_TEXT,
    ], ["[1] <@123> says **read** @everyone - https://evil.example/ping"]),
        Expectation("ingested", why="mentions, Markdown and an unclosed code fence in title, prose and sources"))
    put("h13_sql_fts.txt", article("Delta Battery Consortium'; DROP TABLE article; --", [
        "The Delta Battery Consortium was founded by Northvolt and BASF [1].",
        SQL_TEXT,
        FTS_TEXT,
    ], ['[1] "Battery" OR NEAR( news* - https://battery.example/delta']),
        Expectation("ingested", why="SQL fragments and FTS5 operators in the text"))
    return expect


def _write_huge(path: Path) -> None:
    """50 MB of plausible prose, written in chunks (never held in memory whole)."""
    sentence = b"The harbour alliance tested another robot on the quay today [1]. "
    chunk = sentence * (1024 * 1024 // len(sentence) + 1)
    with path.open("wb") as handle:
        handle.write(_ordinary("A very large article").encode())
        written = handle.tell()
        while written < HUGE_BYTES:
            handle.write(chunk)
            written += len(chunk)
