"""Generate varied, valid role documents in the text format, for benchmarks and tests.

Deterministic for a given seed. Pure: no Django.
"""

from __future__ import annotations

import random

from careers.facts.language import indefinite_article, with_article
from careers.facts.salary import format_amount
from careers.facts.site import DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME, fill_apply_text

_FIELDS = [
    "Data",
    "Machine Learning",
    "Applied ML",
    "Infrastructure",
    "Embedded",
    "Analytics",
    "Security",
    "Platform",
    "Mobile",
    "Frontend",
    "Backend",
    "Robotics",
    "Quantum",
    "Edge",
    "Observability",
    "Identity",
    "Search",
    "Payments",
]
_JOBS = ["Engineer", "Scientist", "Analyst", "Researcher", "Architect", "Developer"]
_SKILLS = [
    "Python with tests and code review",
    "SQL, including window functions and query plans",
    "Distributed systems fundamentals: consensus, replication and partitioning",
    "Cloud infrastructure on AWS, GCP or Azure",
    "Observability with metrics, logs and traces",
    "Containers and Kubernetes in production",
    "Clear technical writing for design reviews",
    "Statistics: experiment design and significance testing",
    "Data modelling for analytics and operational stores",
    "Security basics: authentication, secrets and least privilege",
    "Performance profiling and capacity planning",
    "Incident response and blameless reviews",
]
# Prose any role's sections can use (bench/scale_data.py builds on them too).
SENTENCES = [
    "They work with product teams to turn vague goals into measurable outcomes.",
    "Much of the job is reading code, data and dashboards to find out what is really happening.",
    "They automate repetitive work so the team can spend its time on harder problems.",
    "Good communication matters as much as technical depth, because decisions are shared.",
    "They review designs for failure modes & edge cases before anything ships.",
    "Small, reversible changes are preferred to big-bang launches.",
    "On-call duties are shared across the team, with runbooks for common incidents.",
    'Their work is judged by the "boring" outcome: systems that simply keep working.',
]
_QUESTIONS = [
    ("Is a degree required?", "Not always; demonstrated projects often matter more."),
    ("How long does it take to become senior?", "Typically five to eight years of practice."),
    ("Which languages should I learn first?", "Python and SQL cover most entry-level roles."),
    ("Is remote work common?", "Yes, many teams hire remotely within a few time zones."),
    ("What do interviews cover?", "Coding, system design and a discussion of past projects."),
    ("Are internships paid?", "Yes; the table above shows typical monthly figures."),
]
_LEVELS = [
    ("Entry-Level", 0, 2),
    ("Mid-Level", 2, 5),
    ("Senior", 5, 8),
    ("Staff", 8, None),
    ("Principal", 12, None),
]
_CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP", "CHF"]


def _money(amount: int, currency: str) -> str:
    return format_amount(amount, currency)


def generate_document(number: int, rng: random.Random) -> str:
    """One valid document; ``number`` makes the role name unique."""
    role = f"{rng.choice(_FIELDS)} {rng.choice(_JOBS)} {number}"
    year = rng.choice([2025, 2026, 2027])
    dash = rng.choice(["\u2013", "-"])
    currency = rng.choice(_CURRENCIES)
    lines = [f"{role} Jobs & Internships {year}"]
    lines.append(" ".join(rng.sample(SENTENCES, 3)))
    article = rng.choice(["a", "an", indefinite_article(role)])
    lines.append(f"What Does {article} {role} Do?")
    lines.extend(" ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(1, 3)))
    lines.append("Required Skills & Qualifications")
    lines.extend(f"- \u2713{skill}" for skill in rng.sample(_SKILLS, rng.randint(3, 10)))
    lines.append(f"A Day in the Life of {with_article(role)}")
    lines.append(" ".join(rng.sample(SENTENCES, 5)))
    if rng.random() < 0.3:
        lines.append("## Where the Work Happens")
        lines.append(" ".join(rng.sample(SENTENCES, 2)))
    lines.append("Career Path & Salary Progression")
    lines.append(f"{role} Intern \u2192 {role} I \u2192 {role} II \u2192 Senior {role}")
    lines.append("| Level | Base Salary | Total Comp (with equity) | Intern Monthly |")
    lines.append("|---|---|---|---|")
    low = rng.randrange(4000, 9000, 500)
    lines.append(
        f"| Intern | \u2014 | \u2014 | {_money(low, currency)}{dash}"
        f"{_money(low + rng.randrange(1000, 5000, 500), currency)}/mo |"
    )
    base = rng.randrange(60_000, 140_000, 5_000)
    for level, years_min, years_max in _LEVELS[: rng.randint(1, len(_LEVELS))]:
        years = f"{years_min}+ yrs" if years_max is None else f"{years_min}{dash}{years_max} yrs"
        top = base + rng.randrange(20_000, 80_000, 5_000)
        uplift = rng.randrange(5, 50, 5)
        lines.append(
            f"| {level} ({years}) | {_money(base, currency)}{dash}{_money(top, currency)} | "
            f"+{uplift}{dash}{uplift + rng.randrange(5, 60, 5)}% in equity/bonus | \u2014 |"
        )
        base = top
    lines.append(f"Salary data sourced from Levels.fyi and Glassdoor. {year} estimates.")
    lines.append(f"Apply for {role} Roles")
    if rng.random() < 0.5:
        # The site's default apply text, as a legacy page prints it.
        lines.append(fill_apply_text(DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME, role.lower()))
    else:
        lines.append(f"Send us your best {role} project and we will get back to you within a week.")
    lines.append(f"{role} \u2014 Frequently Asked Questions")
    for question, answer in rng.sample(_QUESTIONS, rng.randint(2, 6)):
        lines.append(question)
        lines.append(answer)
    return "\n".join(lines) + "\n"


def generate_documents(count: int, seed: int = 2026) -> list[tuple[str, str]]:
    """``count`` (file name, text) pairs with distinct role names."""
    rng = random.Random(seed)  # noqa: S311 - sample content, not secrets
    return [(f"generated-{n:05d}.txt", generate_document(n, rng)) for n in range(1, count + 1)]
