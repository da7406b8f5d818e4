"""Plain-text columns derived from a role's body, so listings and filters skip the StreamField.

Pure functions over raw StreamField data (a list of {"type", "value"} dicts), so the same
code serves ``RolePage.save()`` and the data migration that backfills existing rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from careers.facts.skills import skill_keys
from careers.facts.text import plain_text


def _blocks(raw: Iterable[Any] | None, block_type: str) -> list[Mapping]:
    values = []
    for child in raw or []:
        if isinstance(child, Mapping) and child.get("type") == block_type:
            value = child.get("value")
            if isinstance(value, Mapping):
                values.append(value)
    return values


def list_items(items: Any) -> list[Any]:
    """ListBlock raw data is either plain values or [{"type": "item", "value": …}] dicts."""
    out = []
    for item in items or []:
        if isinstance(item, Mapping) and "value" in item and item.get("type") == "item":
            out.append(item["value"])
        else:
            out.append(item)
    return out


def skills_of(raw) -> list[str]:
    """Every skill item, in order, stripped; blanks dropped."""
    skills = []
    for value in _blocks(raw, "skills"):
        for item in list_items(value.get("items")):
            text = " ".join(str(item or "").split())
            if text:
                skills.append(text)
    return skills


def faq_text_of(raw) -> str:
    parts = []
    for value in _blocks(raw, "faq"):
        for item in list_items(value.get("items")):
            if isinstance(item, Mapping):
                parts.append(" ".join(str(item.get("question") or "").split()))
                parts.append(plain_text(item.get("answer")))
    return "\n".join(part for part in parts if part)


def ladder_of(raw) -> list[str]:
    for value in _blocks(raw, "career_path"):
        return [str(step).strip() for step in list_items(value.get("steps")) if str(step).strip()]
    return []


# What the home page's "how pay grows" reads of each role (careers.facts.pay_growth).
SALARY_LEVEL_FIELDS = ("level", "kind", "base_min", "base_max")


def salary_levels_of(raw) -> dict[str, Any]:
    """The first salary table's currency and its rows' levels and base pay, compactly."""
    for value in _blocks(raw, "salary_table"):
        rows = [
            {name: row.get(name) for name in SALARY_LEVEL_FIELDS if row.get(name) is not None}
            for row in list_items(value.get("rows"))
            if isinstance(row, Mapping)
        ]
        return {"currency": value.get("currency"), "rows": rows}
    return {}


def finder_columns(raw) -> dict[str, Any]:
    """The denormalised values RolePage stores for filters, listings and related roles."""
    skills_text = "\n".join(skills_of(raw))
    return {
        "skills_text": skills_text,
        # Canonical skills, so ranking related roles reads keys and never parses text.
        "skill_keys": " ".join(skill_keys(skills_text)),
        "faq_text": faq_text_of(raw),
        "ladder_length": len(ladder_of(raw)),
        # Small enough that the home page reads every role's without loading bodies.
        "salary_levels": salary_levels_of(raw),
    }


FINDER_COLUMNS = ("skills_text", "skill_keys", "faq_text", "ladder_length", "salary_levels")
