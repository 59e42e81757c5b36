"""Hand-built facts for the seed article (what the extractor should find), for tests that need no spaCy."""

from __future__ import annotations

from pathlib import Path

from bot.model import (Article, ArticleFacts, Domain, Event, Initiative, Organisation, Partner, Person,
                       ProcessedArticle)
from bot.parse import parse_article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_cd5db82c5d4ec0f6.txt"
INM = "Initiative for New Manufacturing"
FOUNDERS = ("Amgen", "Flextronics", "GE Vernova", "PTC", "Sanofi", "Siemens")


def seed_article() -> Article:
    return parse_article(SEED.read_bytes(), SEED.name)


def seed_facts() -> ArticleFacts:
    return ArticleFacts(
        initiatives=(Initiative(INM, "INM", "Massachusetts Institute of Technology", 1),),
        partners=tuple(Partner(org, INM, "founding_member", 4) for org in FOUNDERS),
        people=(Person("Sally A. Kornbluth", "President", "MIT", 6),),
        organisations=(
            Organisation("Massachusetts Institute of Technology", ("MIT",), 1),
            Organisation("Flextronics International USA", (), 2),
            *(Organisation(org, (), 4) for org in FOUNDERS),
        ),
        events=(Event("2025-05-27", "May 27, 2025", "MIT launched the Initiative for New Manufacturing", 1),),
        domains=(Domain("manufacturing", 0), Domain("semiconductors", 5), Domain("batteries", 7)),
        summary=(1, 4, 7),
    )


def seed_processed() -> ProcessedArticle:
    return ProcessedArticle(seed_article(), seed_facts())


def other_article(file: str = "200_other.txt", *, title: str = "Siemens and MIT open a robotics lab",
                  date: str = "2025-06-02", extra: str = "") -> ProcessedArticle:
    """A second article naming MIT by acronym only and Flextronics by another form."""
    text = (f"{title}\n\n{title}\n\n{date} robotics\n\nBoston, Monday, 2 June 2025.\n"
            "MIT and Siemens opened the Robotics Factory Lab (RFL) with Flextronics Inc. as a member [1]. "
            f"Jörg Müller, head of research at Siemens, spoke at the opening [1].{extra}\n\n"
            "Sources\n\n[1] Siemens press release - https://press.example/rfl\n\nrobotics")
    article = parse_article(text, file)
    lab = "Robotics Factory Lab"
    facts = ArticleFacts(
        initiatives=(Initiative(lab, "RFL", None, 0),),
        partners=(Partner("MIT", lab, "founding_member", 0), Partner("Siemens AG", lab, "founding_member", 0),
                  Partner("Flextronics Inc.", lab, "member", 0)),
        people=(Person("Jörg Müller", "head of research", "Siemens", 1),),
        organisations=(Organisation("MIT", (), 0), Organisation("Siemens AG", ("Siemens",), 0),
                       Organisation("Flextronics Inc.", (), 0)),
        summary=(0,),
    )
    return ProcessedArticle(article, facts)
