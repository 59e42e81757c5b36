"""A deterministic generator of articles in the seed layout, for benchmarks.

Each article is drawn from a `Story` (an initiative, its leader, founding and later members, funders,
people with titles, dates, domains and a numbered source list) and rendered to text the way the
shared corpus is written, including its variants (`Sources`/`Bronnen`, URL-only source lines, no
source list, no date line, CRLF). The same `seed` and `n` always give the same files.

    python -m benchmarks.corpus --n 20 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bot.names import acronym_of

DEFAULT_N = 500
DEFAULT_SEED = 1
DEFAULT_WORDS = 350

_SYLLABLES = """ar bel cor dan el fen gal hal ix jor kal lum mer nor ost pal quin ros sol tar ul ven wex
    yor zen bri cas dro fal gri hex kor lan mos nex or pra rin sta tov vor""".split()
_COMPANY_SUFFIXES = """Technologies Systems Materials Labs Energy Biosciences Semiconductor Robotics Devices
    Pharma Analytics Motors Chemicals Networks Instruments Foods Packaging Computing Dynamics Therapeutics""".split()
_CITIES = """Cambridge Seattle Austin Denver Boston Albany Dayton Raleigh Phoenix Pittsburgh Lyon Grenoble Munich
    Dresden Eindhoven Leuven Delft Tokyo Nagoya Osaka Singapore Toronto Montreal Madison Columbus Tucson
    Rochester Sacramento Baltimore Richmond""".split()
_FUNDERS = (  # as they read mid-sentence
    "the National Science Foundation", "the Department of Energy", "the Department of Commerce",
    "the European Commission", "the Wellcome Trust", "the Gates Foundation", "the European Investment Bank",
    "the Department of Defense", "the National Institutes of Health", "Horizon Europe",
)
_FIRST = """Sarah James Maria Wei Ana Kenji Laura David Priya Tomas Elena Omar Grace Lukas Yuki Daniel Fatima
    Pierre Ingrid Carlos Mei Hannah Arjun Sofia Noah Keiko Jean-Claude Olivia Rafael Amara""".split()
_LAST = """Okafor Lindqvist Tanaka Moreau Chen Alvarez Brennan Kowalski Haddad Nakamura Fischer Osei Rossi
    Varga Patel Dubois Novak Sato Hughes Bergstrom Mensah Costa Ivanova Larsen Kim Duarte Weber Nilsen""".split()
# Titles after a name ("Ana Kim, chief scientist of X") and before one ("X President Ana Kim").
_TITLES_AFTER = (
    "chief executive", "CEO", "president", "chief technology officer", "director of research",
    "vice-president of manufacturing", "head of sustainability", "programme director", "chief scientist",
)
_TITLES_BEFORE = ("President", "CEO", "Chief Executive", "Director", "Chief Scientist", "Provost", "Chair")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")
_KINDS = ("Consortium", "Alliance", "Institute", "Hub", "Network", "Pilot Line", "Partnership", "Initiative")
_ADJECTIVES = """Advanced Northern Atlantic Pacific Open Future Smart Clean National Regional Circular Resilient
    Integrated Digital Applied Frontier""".split()
# (domain vocabulary word, noun used in names, topic tag)
_DOMAINS = (
    ("semiconductors", "Semiconductor", "chips"), ("batteries", "Battery", "batteries"),
    ("recycling", "Recycling", "recycling"), ("artificial intelligence", "AI", "ai"),
    ("biotechnology", "Biomanufacturing", "biotech"), ("additive manufacturing", "Additive Manufacturing", "3dprint"),
    ("digital twins", "Digital Twin", "twins"), ("energy storage", "Energy Storage", "storage"),
    ("high-performance computing", "Supercomputing", "hpc"), ("plastics", "Plastics", "plastics"),
    ("flexible electronics", "Flexible Electronics", "flex"), ("cybersecurity", "Cybersecurity", "security"),
    ("drug discovery", "Drug Discovery", "pharma"), ("workforce development", "Workforce", "workforce"),
)
_HEADINGS = (
    "A New Effort Takes Shape", "Who Is Taking Part", "Money and Milestones", "What the Partners Say",
    "Why It Matters", "Next Steps", "From Lab to Factory", "The Road Ahead",
)
_FILLER = (
    "The partners expect the first results to reach factory floors within {years} years.",
    "Shared test beds will let smaller firms try {noun} methods before they invest in equipment of their own.",
    "Analysts note that similar programmes in {city} took several years to show measurable gains.",
    "The programme will also train technicians and engineers, a group in short supply across the sector.",
    "Data gathered in the pilot phase will be shared among members under a common licence.",
    "Organisers said more members could join once the first projects are under way.",
    "The work covers {domain} as well as the supply chains that feed it.",
    "Projects will be selected twice a year by a committee drawn from industry and academia.",
    "Regional suppliers are expected to benefit from the demand the programme creates.",
    "Critics have questioned whether the budget is large enough for the goals the partners have set.",
    "Each member will second staff to a joint engineering team for at least {years} years.",
    "A board with one seat per founding member will set the research agenda.",
    "The first open call will favour projects that pair a university group with a manufacturer.",
    "Results that are not commercially sensitive will be published in open journals.",
    "Local officials welcomed the news, pointing to jobs the programme could bring to {city}.",
    "Several members already run related projects on {domain} and will fold them into the new effort.",
    "Industry groups in {city} said the model could be copied by other regions.",
    "The programme will rent space in an existing research park rather than build a new campus.",
    "Members keep the rights to what they bring in and share what is developed together.",
    "A progress report is due at the end of the second year.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True, slots=True)
class StoryPerson:
    name: str
    title: str
    org: str


@dataclass(slots=True)
class Story:
    """The facts one generated article states (what an extractor should find)."""

    number: int
    city: str
    published: date
    launched: date
    initiative: str
    acronym: str
    leader: str
    founders: list[str]
    members: list[str]
    funders: list[str]
    people: list[StoryPerson]
    domains: list[str]
    topic: str
    sources: list[tuple[str, str | None]]  # (title, url) numbered from 1
    variant: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    file: str
    text: str
    story: Story

    @property
    def words(self) -> int:
        return len(self.text.split())


def _long_date(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Names:
    """Organisation and person names drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def stem(self) -> str:
        return "".join(self.rng.sample(_SYLLABLES, self.rng.choice((2, 2, 3)))).capitalize()

    def company(self) -> str:
        return f"{self.stem()} {self.rng.choice(_COMPANY_SUFFIXES)}"

    def organisation(self) -> str:
        roll = self.rng.random()
        if roll < 0.6:
            return self.company()
        if roll < 0.8:
            return f"University of {self.rng.choice(_CITIES)}"
        if roll < 0.9:
            return f"{self.stem()} Institute of Technology"
        return f"{self.stem()} National Laboratory"

    def person(self) -> str:
        initial = f" {self.rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.rng.random() < 0.2 else ""
        return f"{self.rng.choice(_FIRST)}{initial} {self.rng.choice(_LAST)}"


def make_story(number: int, rng: random.Random) -> Story:
    """Draw the facts of one article."""
    names = _Names(rng)
    picks = rng.sample(_DOMAINS, rng.choice((1, 2, 2, 3)))
    noun, topic = picks[0][1], picks[0][2]
    initiative = f"{rng.choice(_ADJECTIVES)} {noun} {rng.choice(_KINDS)}"
    if rng.random() < 0.3:
        initiative = f"{names.stem()} {initiative}"
    orgs: list[str] = []
    while len(orgs) < 12:
        org = names.organisation()
        if org not in orgs:
            orgs.append(org)
    n_founders, n_members = rng.randint(2, 6), rng.randint(0, 3)
    leader, founders, members = orgs[0], orgs[1 : 1 + n_founders], orgs[1 + n_founders : 1 + n_founders + n_members]
    funders = rng.sample(_FUNDERS, rng.choice((0, 1, 1, 2)))
    employers = [leader] + founders[:2]
    people = [StoryPerson(names.person(), rng.choice(_TITLES_AFTER + _TITLES_BEFORE), org)
              for org in employers[: rng.randint(1, 3)]]
    published = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 7 * 365))
    launched = published - timedelta(days=rng.randint(1, 6))
    n_sources = rng.randint(1, 5)
    sources: list[tuple[str, str | None]] = []
    for i in range(n_sources):
        host = f"www.{names.stem().lower()}.{rng.choice(('com', 'org', 'eu', 'edu'))}"
        slug = initiative.lower().replace(" ", "-")
        sources.append((f"{initiative} announcement part {i + 1}", f"https://{host}/news/{published.year}/{slug}-{i + 1}"))
    variant: set[str] = set()
    roll = rng.random()
    if roll < 0.06:
        variant.add("no-sources-section")
    elif roll < 0.12:
        variant.add("empty-sources")
    if rng.random() < 0.5:
        variant.add("Sources")
    if rng.random() < 0.1:
        variant.add("url-only")
    if rng.random() < 0.05:
        variant.add("no-date-line")
    if rng.random() < 0.05:
        variant.add("crlf")
    return Story(number, rng.choice(_CITIES), published, launched, initiative, acronym_of(initiative), leader,
                 founders, members, funders, people, [p[0] for p in picks], topic, sources, variant)


def render(story: Story, rng: random.Random, words: int = DEFAULT_WORDS) -> str:
    """The article text for a story, padded with neutral sentences to about `words` words."""
    n_src = len(story.sources)

    def cite() -> str:
        first = rng.randint(1, n_src)
        if n_src > 1 and rng.random() < 0.2:
            return f" [{first}][{first % n_src + 1}]"
        return f" [{first}]"

    s = story
    title = rng.choice((
        f"{s.leader} Launches the {s.initiative}",
        f"{_NUMBERS[len(s.founders)].capitalize()} Partners Form the {s.initiative}",
        f"New {s.initiative} Starts Work in {s.city}",
    ))
    lede = (f"{s.leader} and {_NUMBERS[len(s.founders)]} partners have started the {s.initiative}, "
            f"a programme on {s.domains[0]} based in {s.city}.")
    launch = (f"On {_long_date(s.launched)}, {s.leader} launched the {s.initiative} ({s.acronym}), "
              f"which it will lead from its site in {s.city}{cite()}.")
    founders = f"The founding members of the {s.acronym} are {_listing(s.founders)}{cite()}."
    paragraphs: list[list[str]] = [[launch, founders]]
    joined: list[str] = []
    if s.members:
        role = "as a member" if len(s.members) == 1 else "as members"
        joined.append(f"{_listing(s.members)} joined the {s.acronym} {role} later in {s.published.year}{cite()}.")
    for funder in s.funders:
        joined.append(f"{funder[0].upper()}{funder[1:]} is funding the work with a grant of {rng.randint(5, 90)} million dollars{cite()}.")
    if joined:
        paragraphs.append(joined)
    quotes = []
    for person in s.people:
        if person.title in _TITLES_AFTER:
            quotes.append(f"{person.name}, {person.title} of {person.org}, said the {s.acronym} would speed up "
                          f"work on {rng.choice(s.domains)}{cite()}.")
        else:
            quotes.append(f"{person.org} {person.title} {person.name} said the partners would share "
                          f"equipment, data and staff{cite()}.")
    paragraphs.append(quotes)
    domains = f"The programme covers {_listing(s.domains)}, with a first call for projects in {s.published.year + 1}{cite()}."
    paragraphs.append([domains])

    def count() -> int:
        return sum(len(x.split()) for p in paragraphs for x in p) + len(lede.split())

    # Filler without repeats while it lasts; title, headings, sources and tags make up the rest.
    filler = rng.sample(_FILLER, len(_FILLER))
    while count() < words - 75:
        template = filler.pop() if filler else rng.choice(_FILLER)
        sentence = template.format(years=rng.randint(2, 6), noun=s.domains[0], city=rng.choice(_CITIES),
                                              domain=rng.choice(s.domains))
        if rng.random() < 0.3:
            sentence = sentence[:-1] + cite() + "."
        rng.choice(paragraphs).append(sentence)

    headings = rng.sample(_HEADINGS, len(paragraphs))
    lines = [title, "", title, ""]
    if "no-date-line" not in s.variant:
        lines += [f"{s.published.isoformat()} {s.topic}", ""]
    lines += [f"{s.city}, {_long_date(s.published)}.", lede, ""]
    for heading, paragraph in zip(headings, paragraphs):
        lines += [heading, "", " ".join(paragraph), ""]
    if "no-sources-section" not in s.variant:
        lines += ["Sources" if "Sources" in s.variant else "Bronnen", ""]
        if "empty-sources" not in s.variant:
            for n, (source_title, url) in enumerate(s.sources, start=1):
                lines.append(f"[{n}] {url}" if "url-only" in s.variant else f"[{n}] {source_title} - {url}")
        lines.append("")
    lines.append(" ".join(dict.fromkeys([s.topic, *(d.split()[0] for d in s.domains), "partnerships"])))
    newline = "\r\n" if "crlf" in s.variant else "\n"
    return newline.join(lines)


def generate(n: int = DEFAULT_N, seed: int = DEFAULT_SEED, words: int = DEFAULT_WORDS) -> list[GeneratedArticle]:
    """`n` articles; the same arguments always give the same texts."""
    rng = random.Random(seed)
    articles = []
    for number in range(n):
        story = make_story(number, rng)
        text = render(story, rng, words)
        slug = story.acronym.lower() or "article"
        articles.append(GeneratedArticle(f"{number:05d}_{slug}.txt", text, story))
    return articles


def write_corpus(folder: Path, n: int = DEFAULT_N, seed: int = DEFAULT_SEED,
                 words: int = DEFAULT_WORDS) -> list[GeneratedArticle]:
    """Write `n` generated articles into `folder` (created if needed) and return them."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = generate(n, seed, words)
    for article in articles:
        # newline="" keeps CRLF variants byte-exact
        (folder / article.file).write_text(article.text, encoding="utf-8", newline="")
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the articles into")
    args = parser.parse_args(argv)
    articles = write_corpus(args.out, args.n, args.seed, args.words)
    total = sum(a.words for a in articles)
    print(f"wrote {len(articles)} articles ({total:,} words, {total / max(1, len(articles)):.0f} per article) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
