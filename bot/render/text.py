"""Answers as plain text for the terminal (`--json` prints `answer.data` instead)."""

from __future__ import annotations

import json

from bot.render.answer import Answer


def to_text(answer: Answer) -> str:
    """Title, intro, lines (indented under their group headings), provenance and extra facts."""
    out = [answer.title, "=" * min(len(answer.title), 78)]
    if answer.intro:
        out.append(answer.intro)
    if answer.lines:
        group: str | None = None
        for line in answer.lines:
            if line.group != group:
                group = line.group
                if group:
                    out.append("")
                    out.append(f"{group}:")
            out.append(("  - " if group else "- ") + line.render())
    else:
        out.append(answer.empty)
    if answer.provenance:
        out.append("")
        out.append(answer.provenance)
    if answer.extra:
        out.append("")
        out.extend(f"{key}: {value}" for key, value in answer.extra.items())
    return "\n".join(out)


def to_json(answer: Answer) -> str:
    """The answer's JSON payload, pretty-printed."""
    return json.dumps(answer.data, ensure_ascii=False, indent=2, default=str)
