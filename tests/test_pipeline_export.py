"""export_roles and the round trip: export (text or JSON) → import reproduces the same pages."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from careers.models import RoleFamily, RolePage
from careers.pipeline.document import SalaryTable
from careers.pipeline.export import page_to_payload, page_to_text
from careers.pipeline.pagelinks import comparable_body
from careers.pipeline.parse import parse_document
from careers.testing.blocks import salary_row, with_section
from careers.testing.factories import sample_body

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "roles"
SEED = REPO.parent / "shared" / "seed" / "applied-ml-engineer.txt"


def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED}")
    return SEED


def command(name, *args):
    out, err = StringIO(), StringIO()
    call_command(name, *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot(index):
    """Every role page's payload, by slug, from each page's latest revision."""
    pages = RolePage.objects.child_of(index)
    return {
        page.slug: page_to_payload(page.get_latest_revision_as_object()) for page in pages.all()
    }


def round_trip(index, sources, fmt, tmp_path):
    command("import_roles", *sources, "--publish")
    before = snapshot(index)
    assert before
    out_dir = tmp_path / fmt
    _, err = command("export_roles", "--format", fmt, "--out", out_dir)
    assert err == "", err  # no "export is not exact" warnings
    RolePage.objects.child_of(index).delete()
    out, _ = command("import_roles", out_dir, "--publish")
    assert f"{len(before)} created" in out
    assert snapshot(index) == before


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_demo_pages_round_trip(careers_index, tmp_path, fmt):
    round_trip(careers_index, [DEMO], fmt, tmp_path)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_seed_round_trips(careers_index, tmp_path, fmt):
    round_trip(careers_index, [seed_path()], fmt, tmp_path)


def test_reimporting_an_export_changes_nothing(careers_index, tmp_path):
    command("import_roles", DEMO, "--publish")
    command("export_roles", "--out", tmp_path)
    command("export_roles", "--format", "json", "--out", tmp_path / "json")
    out, _ = command("import_roles", tmp_path / "json", "--publish")
    count = len(list(DEMO.glob("*.txt")))
    assert f"0 created, 0 updated, {count} unchanged" in out
    out, _ = command("import_roles", *sorted(tmp_path.glob("*.txt")), "--publish")
    assert f"0 created, 0 updated, {count} unchanged" in out


def test_demo_text_export_is_identical_to_its_source(careers_index, tmp_path):
    command("import_roles", DEMO, "--publish")
    command("export_roles", "--out", tmp_path)
    for source in DEMO.glob("*.txt"):
        assert (tmp_path / source.name).read_text() == source.read_text(), source.name


def test_seed_export_corrects_articles(careers_index):
    command("import_roles", seed_path(), "--publish")
    text, _ = command("export_roles", "applied-ml-engineer")
    lines = text.splitlines()
    assert lines[0] == "Applied ML Engineer Jobs & Internships 2026"
    assert "What Does an Applied ML Engineer Do?" in lines
    assert "A Day in the Life of an Applied ML Engineer" in lines
    assert "| Entry-Level (0–2 yrs) | $125,000–$180,000 | +20–40% in equity/bonus | — |" in lines
    assert "| Intern | — | — | $8,000–$13,000/mo |" in lines
    assert (
        "Salary data sourced from Levels.fyi, Glassdoor, and company disclosures. 2026 estimates."
        in lines
    )
    assert "a Applied" not in text


def test_json_export_is_the_payload_shape(careers_index):
    command("import_roles", DEMO / "ux-researcher.txt", "--publish")
    out, _ = command("export_roles", "--format", "json")
    (payload,) = json.loads(out)
    assert payload["slug"] == "ux-researcher" and payload["year"] == 2026
    kinds = [block["type"] for block in payload["body"]]
    assert kinds == [
        "overview",
        "skills",
        "day_in_the_life",
        "career_path",
        "salary_table",
        "apply",
        "faq",
    ]
    apply = payload["body"][kinds.index("apply")]["value"]
    assert apply["button_label"] == "Share your research portfolio"
    row = payload["body"][kinds.index("salary_table")]["value"]["rows"][1]
    assert (row["base_min"], row["base_max"], row["years_min"], row["years_max"]) == (
        90000,
        120000,
        0,
        2,
    )


def test_override_headings_and_text_sections_survive_text_export(make_role, careers_index):
    body = with_section(
        sample_body("Data Engineer"), "skills", heading="What You Will Need", items=["SQL"]
    )
    body = with_section(
        body,
        "day_in_the_life",
        heading="A Day in the Life of a Data Wrangler",
        body="<p>Busy.</p>",
    )
    page = make_role("Data Engineer", body=body)
    text = page_to_text(page)
    assert "## What You Will Need {skills}" in text
    assert "A Day in the Life of a Data Wrangler" in text
    assert "## Where the work happens" in text


@pytest.mark.parametrize(
    ("source_note", "as_of_year", "line"),
    [
        ("Glassdoor", 2025, "Salary data sourced from Glassdoor. 2025 estimates."),
        ("Glassdoor", None, "Salary data sourced from Glassdoor."),
        ("", 2025, "2025 estimates."),
    ],
)
def test_the_source_line_is_the_pages_and_reads_back_exactly(
    make_role, careers_index, source_note, as_of_year, line
):
    body = with_section(
        sample_body("Data Engineer"), "salary_table", source_note=source_note, as_of_year=as_of_year
    )
    page = make_role("Data Engineer", body=body)
    text = page_to_text(page)
    assert line in text.splitlines()
    assert page.salary_table.source_line == line
    result = parse_document(text, page.slug)
    [table] = [s for s in result.document.sections if isinstance(s, SalaryTable)]
    assert (table.source_note, table.as_of_year) == (source_note, as_of_year)


def test_lossy_text_export_is_flagged(make_role, careers_index, tmp_path):
    # A nested list is what the notation has no form for; bold it has.
    body = with_section(
        sample_body("Data Engineer"),
        "overview",
        heading="",
        body="<p>They <b>build</b> things.</p><ul><li>a</li><li><ul><li>b</li></ul></li></ul>",
    )
    make_role("Data Engineer", body=body)
    _, err = command("export_roles", "--out", tmp_path)
    assert (
        "data-engineer: warning: the text export is not exact: block 1 (overview) would change"
        in err
    )
    assert "They **build** things." in (tmp_path / "data-engineer.txt").read_text()


def test_unknown_slug_is_an_error(careers_index):
    with pytest.raises(CommandError, match="No role page with the slug: nope"):
        command("export_roles", "nope")


def test_export_writes_live_content_and_latest_writes_drafts(make_role, careers_index):
    page = make_role("Data Engineer", intro="The live intro.")
    page.intro = "An autosaved experiment."
    page.save_revision()
    make_role("UX Researcher", publish=False)
    text, err = command("export_roles")
    assert "The live intro." in text and "experiment" not in text
    assert "UX Researcher" not in text
    assert "skipped (not live): ux-researcher; use --latest to export drafts" in err
    text, err = command("export_roles", "--latest")
    assert "An autosaved experiment." in text and "UX Researcher Jobs" in text
    assert "skipped" not in err


RICH = (
    '<p data-block-key="a">Use <b>SQL</b>, <i>Python</i> and '
    '<a linktype="page" id="{target}">the <b>researchers</b></a>.</p>'
    '<ul><li data-block-key="b">one</li><li data-block-key="c">two</li></ul>'
    '<ol><li data-block-key="d">first</li></ol><h3 data-block-key="e">More</h3>'
    '<h4 data-block-key="f">Less</h4><p data-block-key="g">See <a href="https://e.com/">this</a>'
    "<br/>Career Path</p>"
)


def test_rich_text_and_page_links_survive_export_into_a_fresh_database(
    make_role, careers_index, tmp_path
):
    target = make_role("UX Researcher")
    body = with_section(
        sample_body("Data Engineer"), "overview", body=RICH.format(target=target.pk)
    )
    body = with_section(body, "text", heading="More", body=RICH.format(target=target.pk))
    page = make_role("Data Engineer", body=body)
    before = json.loads(json.dumps(page_to_payload(page)["body"]))
    _, err = command("export_roles", "--out", tmp_path)
    assert err == ""
    text = (tmp_path / "data-engineer.txt").read_text()
    assert "Use **SQL**, *Python* and [the **researchers**](page:/careers/ux-researcher/)." in text
    assert "- one\n- two\n1. first\n### More\n#### Less\n" in text
    # Lines that would read as section headings start with "\\" (the second continues the first).
    assert "\\See [this](https://e.com/)\\\n\\Career Path\n" in text
    # A fresh database: the linked page is imported in the same run and gets a new id.
    RolePage.objects.child_of(careers_index).delete()
    out, _ = command("import_roles", tmp_path, "--publish")
    assert "2 created" in out
    new_target = RolePage.objects.get(slug="ux-researcher")
    assert new_target.pk != target.pk
    after = page_to_payload(RolePage.objects.get(slug="data-engineer"))["body"]
    wanted = json.dumps(before).replace(f'id=\\"{target.pk}\\"', f'id=\\"{new_target.pk}\\"')
    assert json.dumps(comparable_body(after)) == json.dumps(comparable_body(json.loads(wanted)))


def test_a_link_to_no_page_is_an_error_naming_file_and_line(careers_index, tmp_path):
    lines = (DEMO / "data-engineer.txt").read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("What Does")) + 1
    lines[at] += " See [the guide](page:/careers/no-such-page/)."
    path = tmp_path / "data-engineer.txt"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError):
        command("import_roles", path)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roles", str(path), stdout=out, stderr=out)
    assert (
        f'{path}:{at + 1}: the page link "page:/careers/no-such-page/" names no page'
        in out.getvalue()
    )
    assert not RolePage.objects.exists()


def test_the_uplift_note_survives_without_figures(make_role, careers_index):
    rows = [
        salary_row("Intern", intern_monthly=(8000, 9000), uplift_note="in equity/bonus"),
        salary_row("Lead | Ops", base=(100000, 120000), uplift=(10, 20), uplift_note="bonus"),
    ]
    body = with_section(sample_body("Data Engineer"), "salary_table", rows=rows)
    page = make_role("Data Engineer", body=body)
    text = page_to_text(page)
    assert "| Intern | — | — in equity/bonus | $8,000–$9,000/mo |" in text
    assert "| Lead \\| Ops | $100,000–$120,000 | +10–20% bonus | — |" in text
    [table] = [
        s for s in parse_document(text, "x.txt").document.sections if isinstance(s, SalaryTable)
    ]
    assert [(row.level, row.uplift_note) for row in table.rows] == [
        ("Intern", "in equity/bonus"),
        ("Lead | Ops", "bonus"),
    ]


def test_pages_of_one_run_that_link_each_other_are_refused(careers_index, tmp_path):
    for role, other in (("Data Engineer", "ux-researcher"), ("UX Researcher", "data-engineer")):
        slug = role.lower().replace(" ", "-")
        lines = (DEMO / f"{slug}.txt").read_text().splitlines()
        at = next(n for n, line in enumerate(lines) if line.startswith("What Does")) + 1
        lines[at] += f" See [them](page:/careers/{other}/)."
        (tmp_path / f"{slug}.txt").write_text("\n".join(lines) + "\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roles", str(tmp_path), stdout=out, stderr=out)
    assert "itself links to a page of this run; import the linked page first" in out.getvalue()
    assert not RolePage.objects.exists()


def _linked_roles(make_role, count):
    """``count`` live roles in a family, each linking to the one before it in its rich text."""
    family = RoleFamily.objects.create(name="Data and analytics")
    previous = make_role("Role Zero", family=family)
    for number in range(1, count):
        body = with_section(
            sample_body(f"Role {number}"), "overview", body=RICH.format(target=previous.pk)
        )
        previous = make_role(f"Role {number}", body=body, family=family)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_export_queries_do_not_grow_with_the_number_of_pages(make_role, careers_index, fmt):
    """Exporting 25 linked pages takes as many queries as 5: lookups per run or per chunk."""
    counts = []
    for total in (5, 25):
        RolePage.objects.child_of(careers_index).delete()
        RoleFamily.objects.all().delete()
        _linked_roles(make_role, total)
        with CaptureQueriesContext(connection) as queries:
            out, _ = command("export_roles", "--format", fmt)
        assert out.count("Role ") >= total
        if fmt == "text":
            assert out.count("](page:/careers/role-") == total - 1
            assert out.count("Family: Data and analytics") == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
