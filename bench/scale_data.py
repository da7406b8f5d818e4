"""Realistic role documents in the text format, at any count, for `make bench-scale`.

Pure and deterministic by seed: text out, no Django (it reads only the pure vocabulary in
careers/facts and the sample prose of careers/testing/samples.py). Every document parses without problems and, across a set, uses every block
kind, rich text with bold, italic, lists, sub-headings, line breaks and external links, links
to other generated roles, families (and pages with none), ladders of 3 to 6 levels with and
without intern rows, and skills drawn from careers/facts/skills.py.

Links follow the importer's rule that a page linked from a page of the same run may not
itself link to a page of that run: every tenth role is an *anchor* with no role links, and
the others link only to anchors with a lower number, so documents can be imported (or
created) in number order in any batches.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from careers.facts.language import indefinite_article, with_article
from careers.facts.salary import format_amount
from careers.facts.site import DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME, fill_apply_text
from careers.facts.skills import SKILLS
from careers.testing.samples import SENTENCES

ANCHOR_EVERY = 10
CAREERS_PATH = "/careers/"

# Speciality → (families it belongs to by slug, skill categories it draws from).
_SPECIALITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Data": ("data", ("data", "language", "cloud")),
    "Analytics": ("data", ("data", "language", "product")),
    "Machine Learning": ("machine-learning", ("ml", "language", "data")),
    "Applied ML": ("machine-learning", ("ml", "data", "language")),
    "Computer Vision": ("machine-learning", ("ml", "language", "embedded")),
    "NLP": ("machine-learning", ("ml", "language", "data")),
    "Platform": ("infrastructure", ("cloud", "language", "security")),
    "Site Reliability": ("infrastructure", ("cloud", "language", "data")),
    "Cloud": ("infrastructure", ("cloud", "security", "language")),
    "Network": ("infrastructure", ("cloud", "security", "embedded")),
    "Security": ("infrastructure", ("security", "cloud", "language")),
    "Backend": ("software-engineering", ("language", "framework", "data")),
    "Frontend": ("software-engineering", ("language", "framework", "design")),
    "Mobile": ("software-engineering", ("framework", "language", "design")),
    "Embedded": ("software-engineering", ("embedded", "language", "framework")),
    "Firmware": ("software-engineering", ("embedded", "language", "security")),
    "Game": ("software-engineering", ("framework", "language", "design")),
    "Full-Stack": ("software-engineering", ("framework", "language", "cloud")),
    "UX": ("design-research", ("design", "product", "framework")),
    "Product Design": ("design-research", ("design", "product", "language")),
    "User Research": ("design-research", ("design", "product", "data")),
    "Accessibility": ("design-research", ("design", "framework", "product")),
    "Growth": ("data", ("product", "data", "language")),
    "Robotics": ("software-engineering", ("embedded", "ml", "language")),
    "Observability": ("infrastructure", ("cloud", "data", "language")),
}
_DOMAINS = [
    "Healthcare", "Fintech", "Retail", "Logistics", "Gaming", "Energy", "Automotive",
    "Aerospace", "Insurance", "Banking", "Media", "Music", "Travel", "Education", "Telecom",
    "Agritech", "Biotech", "Climate", "Public Sector", "Legal Tech", "Real Estate", "Payments",
    "Marketplace", "Advertising", "Search", "Social", "Streaming", "Cybersecurity", "Defence",
    "Manufacturing", "Semiconductor", "Maritime", "Rail", "Sports", "Fashion", "Food Delivery",
    "Hospitality", "Nonprofit", "HR Tech", "Supply Chain", "Space", "Mining", "Pharma",
    "Quantum", "Edge", "IoT", "Smart Home", "E-commerce", "Identity", "Open Source",
]  # fmt: skip
_JOBS = [
    "Engineer", "Scientist", "Analyst", "Architect", "Developer", "Researcher", "Designer",
    "Specialist", "Consultant", "Lead",
]  # fmt: skip
_FAMILY_NAMES = {
    "data": "Data",
    "machine-learning": "Machine learning",
    "infrastructure": "Infrastructure",
    "software-engineering": "Software engineering",
    "design-research": "Design & research",
}
_SKILL_CONTEXTS = [
    "in production, with tests and code review",
    "for systems that serve millions of requests a day",
    "including debugging and performance tuning",
    "for teams that ship every week",
    "at scale, with monitoring and alerting",
    "from prototype to maintained service",
    "with clear documentation for the next engineer",
    "under real latency and cost budgets",
]
_SENTENCES = [
    *SENTENCES,
    "Stakeholders outside engineering rely on them to explain trade-offs in plain language.",
    "A good week ends with fewer open questions than it started with.",
    "They measure before they optimise, and keep the measurement once the fix ships.",
    "Mentoring newer colleagues is part of the job from the mid level on.",
]
_DAY = [
    "The morning starts with a review of overnight alerts and yesterday's metrics.",
    "Mid-morning is a design review, arguing about failure modes with two other teams.",
    "After lunch you pair with a colleague on the change that has blocked a release.",
    "The afternoon is spent on focused work: code, analysis or a prototype.",
    "A short sync with product turns a vague request into a scoped ticket.",
    "The day ends with writing up what changed and what to watch tomorrow.",
]
_QUESTIONS = [
    ("Is a degree required to become {a_role}?", "Not always; demonstrated projects often matter more."),
    ("How long does it take to become a senior {role}?", "Typically five to eight years of practice."),
    ("Which skills should {a_role} learn first?", "The first three skills above cover most entry-level roles."),
    ("Is remote work common for {role_plural}?", "Yes, many teams hire remotely within a few time zones."),
    ("What do {role} interviews cover?", "Coding, system design and a discussion of past projects."),
    ("Are {role} internships paid?", "Yes; the table above shows typical monthly figures."),
    ("How is this role different at a startup?", "At startups the role is broader; at large companies it is deeper."),
    ("What does career progression look like?", "Most people move from delivering features to owning systems, then to setting direction."),
]  # fmt: skip
_LEVELS = [
    ("Entry-Level", 0, 2),
    ("Mid-Level", 2, 5),
    ("Senior", 5, 8),
    ("Staff", 8, 12),
    ("Principal", 12, None),
]
_CURRENCIES = ["USD", "USD", "USD", "USD", "EUR", "GBP", "CHF", "CAD"]
_SOURCES = [
    "Levels.fyi and Glassdoor",
    "Levels.fyi, Glassdoor, and company disclosures",
    "Glassdoor and the U.S. Bureau of Labor Statistics",
    "public salary surveys and recruiter data",
]
_EXTERNAL = [
    ("the O\\*NET occupation profile", "https://www.onetonline.org/"),
    ("the BLS Occupational Outlook", "https://www.bls.gov/ooh/"),
    ("the team's engineering blog", "https://example.com/engineering/"),
]


@dataclass(frozen=True)
class Role:
    """One generated role: its number, name, page slug and family slug ('' for none)."""

    number: int
    name: str
    speciality: str
    family: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def path(self) -> str:
        return f"{CAREERS_PATH}{self.slug}/"

    @property
    def is_anchor(self) -> bool:
        return self.number % ANCHOR_EVERY == 0


def slugify(text: str) -> str:
    """Django's slugify for the ASCII names generated here (the importer's slug rule)."""
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def roles(count: int, seed: int = 2026) -> list[Role]:
    """``count`` distinct roles, in a seeded order of every domain × speciality × job."""
    rng = random.Random(seed)
    combos = [
        (domain, speciality, job)
        for domain in _DOMAINS
        for speciality in _SPECIALITIES
        for job in _JOBS
    ]
    rng.shuffle(combos)
    out = []
    for number in range(count):
        domain, speciality, job = combos[number % len(combos)]
        name = f"{domain} {speciality} {job}"
        if number >= len(combos):
            name += f" {number // len(combos) + 1}"
        family = _SPECIALITIES[speciality][0] if number % 9 != 4 else ""
        out.append(Role(number, name, speciality, family))
    return out


def _skills_by_category() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for skill in SKILLS.values():
        grouped.setdefault(skill.category, []).append(skill.name)
    return {category: sorted(names) for category, names in grouped.items()}


_SKILL_NAMES = _skills_by_category()


def _money(amount: int, currency: str) -> str:
    return format_amount(amount, currency)


def _link(role: Role, text: str | None = None) -> str:
    return f"[{text or role.name}](page:{role.path})"


def _rich_paragraph(rng: random.Random, count: int) -> str:
    sentences = rng.sample(_SENTENCES, count)
    # Emphasis inside sentences, as editors write it.
    pick = rng.randrange(count)
    words = sentences[pick].rstrip(".").split(" ")
    at = rng.randrange(len(words))
    marker = rng.choice(["**", "*"])
    words[at] = f"{marker}{words[at]}{marker}"
    sentences[pick] = " ".join(words) + "."
    return " ".join(sentences)


def document(role: Role, everyone: list[Role], seed: int = 2026) -> str:
    """The text of one role's document; links only to anchors numbered below it."""
    rng = random.Random(seed * 100_003 + role.number)
    name = role.name
    year = 2026 if rng.random() < 0.8 else 2027
    currency = rng.choice(_CURRENCIES)
    dash = rng.choice(["\u2013", "-"])
    anchors = [everyone[n] for n in range(0, role.number, ANCHOR_EVERY)]
    linked = [] if role.is_anchor else rng.sample(anchors, min(len(anchors), rng.randint(1, 3)))
    categories = _SPECIALITIES[role.speciality][1]
    lines = [f"{name} Jobs & Internships {year}"]
    if role.family:
        family = role.family if rng.random() < 0.3 else _FAMILY_NAMES[role.family]
        lines.append(f"Family: {family}")
    lines.append(
        f"{with_article(name, capitalize=True)} works on {role.speciality.lower()} problems "
        f"in {name.split(' ')[0].lower()} organisations. " + " ".join(rng.sample(_SENTENCES, 2))
    )

    # Overview: rich text with a link to the careers index and to related roles.
    article = rng.choice(["a", indefinite_article(name)])
    lines.append(f"What Does {article} {name} Do?")
    lines.append(_rich_paragraph(rng, 3))
    if linked:
        links = ", ".join(_link(other) for other in linked)
        lines.append(
            f"The work overlaps with {links}; see [every role we list](page:{CAREERS_PATH})."
        )
    else:
        lines.append(f"Browse [every role we list](page:{CAREERS_PATH}) to compare.")
    if rng.random() < 0.5:
        text, url = rng.choice(_EXTERNAL)
        lines.append(f"For background, read [{text}]({url}).")

    lines.append("Required Skills & Qualifications")
    pool: list[str] = []
    for category in categories:
        pool.extend(rng.sample(_SKILL_NAMES[category], 4))
    for index in range(rng.randint(4, 9)):
        first, second = pool[index % len(pool)], pool[(index * 3 + 1) % len(pool)]
        skill = first if first == second else f"{first} and {second}"
        lines.append(f"- \u2713{skill} {rng.choice(_SKILL_CONTEXTS)}")

    lines.append(f"A Day in the Life of {rng.choice(['a', indefinite_article(name)])} {name}")
    lines.append(" ".join(rng.sample(_DAY, 4)))
    if rng.random() < 0.5:
        lines.append("Typical tools on the desk:")
        lines.extend(f"- {skill}" for skill in rng.sample(pool, 3))

    if rng.random() < 0.4:
        lines.append(rng.choice(["## Where the Work Happens", "## Teams and Reporting Lines"]))
        lines.append(_rich_paragraph(rng, 2))
        lines.append("### How teams are organised")
        lines.append("1. A product squad that owns one customer journey\\")
        lines.append("with a tech lead and a product manager")
        lines.append("2. A platform group that serves every squad")
        lines.append("***Either way***, the role keeps its name and its ladder.")

    # The ladder: 3-6 levels, with or without an intern step, and its table.
    levels = rng.randint(3, 6)
    has_intern = rng.random() < 0.6
    paid = _LEVELS[: min(levels - has_intern, len(_LEVELS))]
    titles = {"Entry-Level": f"{name} I", "Mid-Level": f"{name} II"}
    steps = ([f"{name} Intern"] if has_intern else []) + [
        titles.get(label, f"{label} {name}") for label, _, _ in paid
    ]
    separate_table = rng.random() < 0.25
    lines.append("Career Path & Salary Progression")
    lines.append(f" {rng.choice(['→', '->'])} ".join(steps))
    if separate_table:
        lines.append(f"{name} Salaries by Level")
    with_intern_column = has_intern or rng.random() < 0.5
    header = ["Level", "Base Salary", "Total Comp (with equity)"]
    if with_intern_column:
        header.append("Intern Monthly")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    if has_intern:
        low = rng.randrange(4000, 9000, 500)
        high = low + rng.randrange(1000, 5000, 500)
        lines.append(
            f"| Intern | \u2014 | \u2014 | {_money(low, currency)}{dash}{_money(high, currency)}/mo |"
        )
    base = rng.randrange(60_000, 140_000, 5_000)
    for label, years_min, years_max in paid:
        years = f"{years_min}+ yrs" if years_max is None else f"{years_min}{dash}{years_max} yrs"
        top = base + rng.randrange(20_000, 80_000, 5_000)
        uplift = rng.randrange(5, 50, 5)
        cells = [
            f"{label} ({years})",
            f"{_money(base, currency)}{dash}{_money(top, currency)}",
            f"+{uplift}{dash}{uplift + rng.randrange(5, 60, 5)}% in equity/bonus",
        ]
        if with_intern_column:
            cells.append("\u2014")
        lines.append("| " + " | ".join(cells) + " |")
        base = top - rng.randrange(0, 15_000, 5_000)
    lines.append(f"Salary data sourced from {rng.choice(_SOURCES)}. {year} estimates.")

    lines.append(f"Apply for {name} Roles")
    if rng.random() < 0.5:
        # The site's default apply text, as a legacy page prints it.
        lines.append(fill_apply_text(DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME, name.lower()))
    else:
        lines.append(
            f"Send us your best {role.speciality.lower()} project; we reply within a week."
        )
        lines.append(rng.choice(["Button: Apply now", "Button: Send your project"]))

    lines.append(f"{name} \u2014 Frequently Asked Questions")
    plural = name + ("es" if name.endswith(("s", "sh", "ch")) else "s")
    for question, answer in rng.sample(_QUESTIONS, rng.randint(3, 6)):
        lines.append(question.format(role=name, a_role=with_article(name), role_plural=plural))
        lines.append(answer)
    if linked:
        lines.append("Which roles are closest to this one?")
        lines.append(f"Start with {_link(linked[0])}: the skills overlap most.")
    return "\n".join(lines) + "\n"


def documents(count: int, seed: int = 2026, start: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) for roles ``start`` to ``count - 1`` of a set of ``count``."""
    everyone = roles(count, seed)
    for role in everyone[start:]:
        yield f"{role.number:05d}-{role.slug}.txt", document(role, everyone, seed)
