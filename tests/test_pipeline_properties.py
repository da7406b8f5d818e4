"""Property tests: no input crashes the parser; what it accepts, the blocks accept too; and
whatever an editor authors survives export -> import into a fresh database."""

import json
from pathlib import Path

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from careers.blocks import RICH_TEXT_FEATURES
from careers.models import RolePage
from careers.pipeline.export import page_to_text
from careers.pipeline.load import (
    ApplyDefaults,
    Families,
    Importer,
    document_to_payload,
    plain_body,
    validate_body,
)
from careers.pipeline.pagelinks import comparable_body
from careers.pipeline.parse import parse_document
from careers.testing.blocks import faq, salary_row, salary_table
from careers.testing.factories import RolePageFactory, sample_body
from careers.testing.samples import generate_documents

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "applied-ml-engineer.txt"
CONVERTER = ContentstateConverter(features=RICH_TEXT_FEATURES)
DEFAULTS = ApplyDefaults("PropelGrad", "Submit your profile to {organisation} for {role} roles.")
# No database here: a family line stays as written (the importer's check needs the families).
NO_FAMILIES = Families({})


def base_documents() -> list[str]:
    """The seed (when present), the demo documents and a few generated ones."""
    texts = [
        path.read_text(encoding="utf-8") for path in sorted((REPO / "demo/roles").glob("*.txt"))
    ]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    texts.extend(text for _, text in generate_documents(3, seed=7))
    return texts


BASES = base_documents()
# Characters the format cares about, so mutations hit the interesting paths.
TOKENS = st.sampled_from(
    list("|-–—→✓$€£%+?:#{}()0123456789,. \t\nAaZz")
    + ["\x00", "\r", "/mo", " yrs", "\ufeff", "| ", " |", "k", "USD ", "Q: ", "## "]
)


def fragments(max_size: int):
    return st.lists(TOKENS, max_size=max_size).map("".join)


def check(result, text: str) -> None:
    line_count = max(1, text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1)
    for problem in result.errors + result.warnings:
        assert 1 <= problem.line <= line_count, problem
        assert str(problem).startswith(f"{problem.source}:{problem.line}: ")
    if result.document is None:
        assert result.errors, "no document and no error to say why"
    else:
        assert not result.errors
        # Whatever the parser accepts must also pass the page's own validation.
        payload = document_to_payload(
            result.document, apply_defaults=DEFAULTS, families=NO_FAMILIES
        )
        assert validate_body(payload, "x.txt", result.document) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    check(parse_document(text, "fuzz.txt"), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments(400))
def test_format_characters_never_crash(text):
    check(parse_document(text, "fuzz.txt"), text)


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "edit", "cut"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, draw(fragments(30)))
        elif action == "edit":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(fragments(6)) + line[at + 3 :]
        else:
            lines = lines[:index]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_parse_or_report_lines(text):
    check(parse_document(text, "mutant.txt"), text)


def test_generated_documents_all_parse():
    for name, text in generate_documents(50, seed=11):
        result = parse_document(text, name)
        assert result.errors == [], result.errors


# ---------------------------------------------------------------------------
# Export -> import into a fresh database gives the same body (DB-backed)
# ---------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["data", "SQL", "Skills", "Salaries", "Career", "Path", "FAQ", "What", "Does", "Do?"]
    + ["Apply", "Data", "Engineer", "a", "*", "**", "[x]", "](y)", "\\", "#", "###", "-"]
    + ["1.", "->", "→", "A:", "Q:", "why?", "&", "<b>", "|", "(", ")", "page:/x/", "{text}"]
)
BLOCK_TYPES = st.sampled_from(
    ["unstyled"] * 3 + ["unordered-list-item", "ordered-list-item", "header-three", "header-four"]
)


@st.composite
def draft_block(draw, key: str) -> dict:
    """One Draftail block as the editor sends it: text, styles, at most one link."""
    words = draw(st.lists(WORDS, min_size=1, max_size=6))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from([" ", " ", " ", "\n"])) + word
    ranges = []
    for style in ("BOLD", "ITALIC"):
        if draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            ranges.append(
                {"offset": start, "length": draw(st.integers(1, len(text) - start)), "style": style}
            )
    entities = []
    if draw(st.integers(0, 2)) == 0:
        start = draw(st.integers(0, len(text) - 1))
        length = draw(st.integers(1, len(text) - start))
        # No line break inside a link: Draftail writes none there (its <br/> is outside links).
        if "\n" not in text[start : start + length]:
            link = {"offset": start, "length": length, "key": draw(st.sampled_from([0, 1]))}
            entities.append(link)
    return {
        "key": key,
        "text": text,
        "type": draw(BLOCK_TYPES),
        "depth": 0,
        "inlineStyleRanges": ranges,
        "entityRanges": entities,
    }


@st.composite
def editor_rich_text(draw, target_id: int) -> str:
    """Rich text exactly as Wagtail's editor stores it (its own converter, block keys and all)."""
    count = draw(st.integers(1, 4))
    content = {
        "blocks": [draw(draft_block(f"k{n}")) for n in range(count)],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "https://example.com/a_(b)?q=1&r=2"},
            },
            "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": target_id}},
        },
    }
    return CONVERTER.to_database_format(json.dumps(content))


RANGES = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 50), st.integers(0, 50)).map(sorted).map(tuple),
    st.tuples(st.integers(0, 50), st.none()),
)


@st.composite
def salary_rows(draw) -> list[dict]:
    rows = []
    for level in draw(
        st.lists(st.sampled_from(["Intern", "Entry-Level", "Lead | Ops"]), min_size=1, max_size=3)
    ):
        base = draw(RANGES)
        uplift = draw(RANGES)
        intern = draw(RANGES)
        if base is None and uplift is None and intern is None:
            base = (1, 2)
        rows.append(
            salary_row(
                level,
                years=draw(st.one_of(st.none(), st.just((0, 2)), st.just((8, None)))),
                base=base and tuple(None if f is None else f * 1000 for f in base),
                uplift=uplift,
                uplift_note=draw(st.sampled_from(["in equity/bonus", "", "bonus"])),
                intern_monthly=intern and tuple(None if f is None else f * 100 for f in intern),
            )
        )
    return rows


@st.composite
def role_bodies(draw, target_id: int) -> list:
    rich = editor_rich_text(target_id)
    body = dict(sample_body("Data Engineer"))
    body["overview"] = {"heading": "", "body": draw(rich)}
    body["day_in_the_life"] = {"heading": "", "body": draw(rich)}
    body["salary_table"] = salary_table(draw(salary_rows()))
    body["faq"] = faq(("Why join?", draw(rich)), ("What next?", draw(rich)))
    body["text"] = {"heading": draw(TEXT_HEADINGS), "body": draw(rich)}
    body["skills"] = {"heading": draw(SKILLS_HEADINGS), "items": draw(SKILLS)}
    body["apply"] = {"heading": "", "text": draw(APPLY_TEXTS), "button_label": draw(BUTTONS)}
    return list(body.items())


TEXT_HEADINGS = st.sampled_from(["Where the work happens", "Salaries", "FAQ", "Skills"])
SKILLS_HEADINGS = st.sampled_from(["", "What You Will Need", "Skills"])
SKILLS = st.lists(
    st.sampled_from(["SQL", "Python *and* [R]", "- dashes", "✓ ticks", "a | b"]),
    min_size=1,
    max_size=3,
)
APPLY_TEXTS = st.sampled_from(["", "Write to us.", "Apply **now**: [here]"])
BUTTONS = st.sampled_from(["Submit your profile", "Apply now"])


def comparable_page_body(page, id_map=None) -> list:
    """The body as the text format carries it; ``id_map`` renames linked pages' ids."""
    body = json.dumps(comparable_body(plain_body(page.body)))
    for old, new in (id_map or {}).items():
        body = body.replace(f'id=\\"{old}\\"', f'id=\\"{new}\\"')
    return json.loads(body)


@pytest.mark.django_db
@settings(
    max_examples=50,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_editor_content_survives_export_and_import_into_a_fresh_database(data, careers_index):
    RolePage.objects.child_of(careers_index).delete()  # what an earlier example left
    target = RolePageFactory(parent=careers_index, role_name="Target Role")
    page = RolePageFactory(
        parent=careers_index, role_name="Data Engineer", body=data.draw(role_bodies(target.pk))
    )
    page.save_revision().publish()
    text = page_to_text(RolePage.objects.get(pk=page.pk))
    wanted = comparable_page_body(RolePage.objects.get(pk=page.pk))
    # A fresh database: every role page gone, the linked page back under a new id.
    RolePage.objects.child_of(careers_index).delete()
    new_target = RolePageFactory(parent=careers_index, role_name="Target Role")
    report = Importer(publish=True).run([("data-engineer.txt", text)])
    assert report.ok, (report.errors, text)
    imported = RolePage.objects.get(slug="data-engineer")
    assert comparable_page_body(imported, {new_target.pk: target.pk}) == wanted, text
