"""The skill vocabulary: spellings of one skill are one skill, and other words are no skill."""

from __future__ import annotations

import pytest

from careers.facts.skills import (
    SKILLS,
    canonical_skills,
    skill_key_of,
    skill_keys,
    skills_of_keys,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python", ["Python"]),
        ("python 3", ["Python"]),
        ("Python3 scripting", ["Python"]),
        ("Postgres", ["PostgreSQL"]),
        ("PostgreSQL 16", ["PostgreSQL"]),
        ("k8s", ["Kubernetes"]),
        ("cpp", ["C++"]),
        ("modern C++", ["C++"]),
        ("Golang services", ["Go"]),
        ("scikit-learn", ["scikit-learn"]),
        ("sklearn", ["scikit-learn"]),
        ("RISC V", ["RISC-V"]),
        ("riscv", ["RISC-V"]),
        ("I²C", ["I2C"]),
        ("Data-quality checks", ["Data quality"]),
        ("data modeling", ["Data modelling"]),
        ("A/B tests", ["A/B testing"]),
        ("CI/CD", ["CI/CD"]),
        ("microcontrollers", ["Microcontrollers"]),
        (".NET Core", [".NET"]),
        ("Node.js", ["Node.js"]),
    ],
)
def test_spellings_of_a_skill_are_that_skill(text, expected):
    assert canonical_skills(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C and modern C++", ["C", "C++"]),
        ("C/C++", ["C", "C++"]),
        ("Objective-C", ["Objective-C"]),
        ("C-level stakeholders", []),
        ("Programming in Go, Python or Rust", ["Go", "Python", "Rust"]),
        ("Go to market with confidence", ["Go-to-market"]),
        ("Go-to-market planning", ["Go-to-market"]),
        ("ready to go live", []),
        ("R and Python", ["R", "Python"]),
        ("R&D budgets", []),
        ("Excel at SQL", ["SQL"]),
        ("swift delivery of fixes", []),
        ("Swift and SwiftUI", ["Swift", "SwiftUI"]),
        ("sparks of curiosity", []),
        ("Django and Djangonauts", ["Django"]),
    ],
)
def test_short_names_match_only_as_distinct_words(text, expected):
    assert canonical_skills(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Secure design and modelling",
        "Strong communication, leadership and ownership",
        "Writing tests and code review",
        "Experience with large scale systems",
    ],
)
def test_words_outside_the_vocabulary_name_no_skill(text):
    assert canonical_skills(text) == []


def test_the_longest_phrase_wins():
    assert canonical_skills("Apache Spark and Spark SQL") == ["Spark"]
    assert canonical_skills("embedded Linux") == ["Linux"]
    assert canonical_skills("Bluetooth Low Energy") == ["Bluetooth Low Energy"]
    # "container orchestration" is a skill; Kubernetes is another.
    assert canonical_skills("Kubernetes and container orchestration") == [
        "Kubernetes",
        "Container orchestration",
    ]


def test_skills_come_in_the_order_first_named_each_once():
    text = "SQL and Python\nPostgres, python 3, PostgreSQL\nAirflow"
    assert canonical_skills(text) == ["SQL", "Python", "PostgreSQL", "Airflow"]


def test_a_phrase_never_runs_across_list_items_or_commas():
    assert canonical_skills("Deep\nlearning") == []
    assert canonical_skills("machine, learning") == []
    assert canonical_skills("machine learning") == ["Machine learning"]


def test_stored_keys_name_the_skills_again():
    keys = skill_keys("C++, Postgres and .NET")
    assert keys == ["cpp", "postgresql", "dotnet"]
    assert all(" " not in key for key in keys)
    assert [skill.name for skill in skills_of_keys([*keys, "no-longer-a-skill"])] == [
        "C++",
        "PostgreSQL",
        ".NET",
    ]


def test_every_name_is_its_own_skill_and_keys_are_stable():
    assert len(SKILLS) >= 250
    for key, skill in SKILLS.items():
        assert skill_key_of(skill.name) == key
        assert canonical_skills(skill.name) == [skill.name], skill.name
    assert skill_key_of("C#") == "csharp"


def test_soft_skills_are_not_in_the_vocabulary():
    names = {skill.name.casefold() for skill in SKILLS.values()}
    assert not names & {"communication", "leadership", "teamwork", "problem solving"}
