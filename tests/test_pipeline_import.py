"""import_roles end to end: real files, real database, the command's exit status and output."""

import html
import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from careers.facts.salary import row_kind
from careers.models import CareersSettings, RolePage
from careers.pipeline.load import Importer, document_to_payload, site_apply_defaults
from careers.pipeline.parse import parse_document
from careers.testing.blocks import SEED_SALARY_ROWS
from careers.testing.samples import generate_documents
from tests.support.importing import DEMO, GOOD, run, run_failing, seed_path, write


def body_of(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


# --- the seed, section by section -------------------------------------------------------------


def test_seed_import_matches_the_source(careers_index):
    path = seed_path()
    lines = path.read_text(encoding="utf-8").split("\n")
    out, err = run(path, "--publish")
    assert "1 created" in out and err == ""
    page = RolePage.objects.get(slug="applied-ml-engineer")
    assert page.live and page.url_path.endswith("/careers/applied-ml-engineer/")
    assert (page.title, page.role_name, page.year) == (lines[0], "Applied ML Engineer", 2026)
    assert page.intro == lines[1]
    assert [block.block_type for block in page.body] == [
        "overview",
        "skills",
        "day_in_the_life",
        "career_path",
        "salary_table",
        "apply",
        "faq",
    ]
    # Every heading restated the standard one, so every heading is generated.
    assert all(block.value["heading"] == "" for block in page.body)
    (overview,) = body_of(page, "overview")
    assert overview["body"].source == f"<p>{html.escape(lines[3], quote=False)}</p>"
    assert overview.display_heading(page.role_name) == "What Does an Applied ML Engineer Do?"
    (skills,) = body_of(page, "skills")
    assert list(skills["items"]) == [line.removeprefix("- ✓") for line in lines[5:13]]
    assert len(skills["items"]) == 8
    (day,) = body_of(page, "day_in_the_life")
    assert day["body"].source == f"<p>{html.escape(lines[14], quote=False)}</p>"
    (path_block,) = body_of(page, "career_path")
    assert list(path_block["steps"]) == [
        "Applied ML Intern",
        "Applied ML Engineer I",
        "Applied ML Engineer II",
        "Senior Applied ML Engineer",
        "Staff Applied ML Engineer",
    ]
    table = page.salary_table
    assert (table["currency"], table["as_of_year"]) == ("USD", 2026)
    assert table["source_note"] == "Levels.fyi, Glassdoor, and company disclosures"
    # Figures the seed's rows leave out are stored as None; the intern row's uplift note as "";
    # each row reads with its kind (row_kind: the Intern row is an internship).
    assert [{k: v for k, v in row.items() if v is not None} for row in table["rows"]] == [
        {**row, "kind": row_kind(row), "uplift_note": row.get("uplift_note", "")}
        for row in SEED_SALARY_ROWS
    ]
    # The page's rendering of the table reproduces the source's cells.
    assert [(r.level, r.base, r.total_comp, r.intern_monthly) for r in table.formatted_rows] == [
        tuple(cell.strip() for cell in line.strip("|").split("|")) for line in lines[19:23]
    ]
    assert (page.base_salary_min, page.base_salary_max, page.has_internships) == (
        125000,
        351000,
        True,
    )
    (apply,) = body_of(page, "apply")
    # The source's apply text is the site default (case aside): stored blank, shown from settings.
    assert apply["text"] == ""
    (faq,) = body_of(page, "faq")
    assert [(item["question"], item["answer"].source) for item in faq["items"]] == [
        (lines[n], f"<p>{html.escape(lines[n + 1], quote=False)}</p>") for n in range(27, 37, 2)
    ]


def test_seed_page_renders_with_corrected_articles(client, careers_index):
    run(seed_path(), "--publish")
    response = client.get("/careers/applied-ml-engineer/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "What Does an Applied ML Engineer Do?" in content
    assert "A Day in the Life of an Applied ML Engineer" in content
    assert "a Applied" not in content
    assert "$125,000–$180,000" in content


# --- runs: create, unchanged, update, publish ------------------------------------------------


def test_imports_demo_directory_and_second_run_is_unchanged(careers_index):
    out, _ = run(DEMO, "--publish")
    files = sorted(DEMO.glob("*.txt"))
    assert len(files) >= 3
    assert f"{len(files)} created, 0 updated, 0 unchanged, 0 failed" in out
    pages = RolePage.objects.child_of(careers_index)
    assert pages.count() == len(files)
    assert all(page.live and not page.has_unpublished_changes for page in pages)
    revisions = {page.pk: page.revisions.count() for page in pages}

    out, _ = run(DEMO, "--publish")
    assert f"0 created, 0 updated, {len(files)} unchanged, 0 failed" in out
    for file in files:
        assert f"unchanged          /careers/{file.stem}/  {file}" in out
    assert {page.pk: page.revisions.count() for page in pages.all()} == revisions


def test_draft_by_default_then_changed_document_adds_a_revision(careers_index, tmp_path):
    doc = write(tmp_path, "de.txt", GOOD)
    run(doc)
    page = RolePage.objects.get(slug="data-engineer")
    assert not page.live and page.revisions.count() == 1

    run(doc, "--publish")  # same content, now published: no new revision needed
    page.refresh_from_db()
    assert page.live and page.revisions.count() == 1

    write(tmp_path, "de.txt", GOOD.replace("They move data.", "They move lots of data."))
    out, _ = run(doc)
    assert "0 created, 1 updated" in out
    page.refresh_from_db()
    assert RolePage.objects.filter(role_name="Data Engineer").count() == 1
    assert page.revisions.count() == 2 and page.has_unpublished_changes
    # Draft only: the live page still shows the old text until published.
    assert "They move data." in body_of(page, "overview")[0]["body"].source
    latest = page.get_latest_revision_as_object()
    assert "lots of data" in body_of(latest, "overview")[0]["body"].source

    out, _ = run(doc, "--publish")
    page.refresh_from_db()
    assert "lots of data" in body_of(page, "overview")[0]["body"].source
    assert not page.has_unpublished_changes


def test_apply_text_equal_to_site_default_is_stored_blank(careers_index, tmp_path):
    settings = CareersSettings.for_site(Site.objects.get(is_default_site=True))
    default = settings.default_apply_text.replace("{organisation}", settings.organisation_name)
    text = default.replace("{role}", "data engineer").upper()
    run(write(tmp_path, "de.txt", GOOD.replace("Come work with us.", text)))
    page = RolePage.objects.get(slug="data-engineer").get_latest_revision_as_object()
    assert body_of(page, "apply")[0]["text"] == ""

    run(write(tmp_path, "de.txt", GOOD))
    page = RolePage.objects.get(slug="data-engineer").get_latest_revision_as_object()
    assert body_of(page, "apply")[0]["text"] == "Come work with us."


def test_hostile_markup_is_stored_as_text_and_rendered_escaped(client, careers_index, tmp_path):
    hostile = GOOD.replace(
        "They move data.", 'They <script>alert("x")</script> & <b onclick="x">move</b> data.'
    ).replace("No.", "<img src=x onerror=alert(1)>")
    run(write(tmp_path, "de.txt", hostile), "--publish")
    page = RolePage.objects.get(slug="data-engineer")
    source = body_of(page, "overview")[0]["body"].source
    assert "<script>" not in source and "&lt;script&gt;" in source
    response = client.get(page.url)
    content = response.content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert" in content


# --- bad input: all problems, nothing written ---------------------------------------------------


def bad_files(tmp_path):
    good = write(tmp_path, "a-good.txt", GOOD)
    broken_table = write(
        tmp_path,
        "b-table.txt",
        GOOD.replace("Data Engineer", "Data Analyst").replace(
            "| $100,000–$130,000 |", "| $130,000–$100,000 | $1 |"
        ),
    )
    no_title = write(tmp_path, "c-title.txt", GOOD.split("\n", 1)[1])
    no_answer = write(
        tmp_path,
        "d-faq.txt",
        GOOD.replace("Data Engineer", "ML Engineer")
        .replace("No.\n", "")
        .replace("$100,000", "lots"),
    )
    return good, broken_table, no_title, no_answer


def test_broken_documents_refuse_the_whole_run(careers_index, tmp_path):
    files = bad_files(tmp_path)
    out, err, message = run_failing(*files, "--publish")
    assert err.splitlines() == [
        f"{files[1]}:11: this table row has 5 cells but the header has 4",
        f"{files[2]}:1: missing title: the first line must be "
        '"<Role> Jobs & Internships <year>", found "Data engineers build pipelines."',
        f'{files[3]}:11: "lots" in the "Base Salary" column is not a figure',
        f'{files[3]}:15: the question "Is SQL enough?" has no answer',
    ]
    assert "0 created, 0 updated, 0 unchanged, 3 failed" in out
    assert "3 of 4 file(s) failed with 4 problem(s); nothing was written." in message
    # The good file was valid, but the run is one transaction: nothing at all was written.
    assert not RolePage.objects.exists()


def test_dry_run_reports_exactly_the_same(careers_index, tmp_path):
    files = bad_files(tmp_path)
    real = run_failing(*files)
    dry = run_failing(*files, "--dry-run")
    assert dry == real
    assert not RolePage.objects.exists()


def test_dry_run_of_good_documents_writes_nothing(careers_index):
    settings_rows = CareersSettings.objects.count()
    out, _ = run(DEMO, "--dry-run", "--publish")
    assert "Dry run, nothing written" in out and "would be created" in out
    assert not RolePage.objects.exists()
    assert CareersSettings.objects.count() == settings_rows


def test_block_validation_errors_point_at_the_line(careers_index, tmp_path):
    long_skill = "x" * 301
    _, err, _ = run_failing(write(tmp_path, "de.txt", GOOD.replace("- ✓SQL", f"- ✓{long_skill}")))
    assert err.strip() == f"{tmp_path / 'de.txt'}:6: the skill is longer than 300 characters"


def test_same_role_in_two_files_is_refused(careers_index, tmp_path):
    one, two = write(tmp_path, "one.txt", GOOD), write(tmp_path, "two.txt", GOOD)
    _, err, _ = run_failing(one, two)
    assert (
        f'{two}:1: the role "Data Engineer" (page /careers/data-engineer/) is also imported from {one}'
        in err
    )


def test_unreadable_inputs_are_reported(careers_index, tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(GOOD.encode().replace(b"They move data.", b"Caf\xe9"))
    _, err, _ = run_failing(latin1, tmp_path / "missing.txt")
    assert f"{latin1}:4: not UTF-8 text (byte 0xe9); save the file as UTF-8" in err
    assert f"{tmp_path / 'missing.txt'}:1: no such file or directory" in err


def test_bad_json_is_reported_with_line(careers_index, tmp_path):
    bad = write(tmp_path, "x.json", '{\n  "role_name": "X",\n  oops\n}')
    _, err, _ = run_failing(bad)
    assert f"{bad}:3: not valid JSON: Expecting property name enclosed in double quotes" in err
    wrong = write(
        tmp_path,
        "y.json",
        json.dumps(
            {
                "role_name": "X",
                "year": "2026",
                "intro": "i",
                "body": [{"type": "nope", "value": {}}],
            }
        ),
    )
    _, err, _ = run_failing(wrong)
    assert f'{wrong}:1: "year" must be int, not str' in err
    assert f'{wrong}:1: body[0] has unknown type "nope"' in err


def test_warnings_are_printed_but_do_not_fail(careers_index, tmp_path):
    text = GOOD.replace("Required Skills", "Where We Work\nEverywhere.\nRequired Skills")
    out, err = run(write(tmp_path, "de.txt", text))
    assert "1 created" in out
    assert f'{tmp_path / "de.txt"}:5: warning: unrecognised section "Where We Work"' in err


def test_without_index_tells_user_to_run_setup_site(db):
    with pytest.raises(CommandError, match="manage.py setup_site"):
        run(DEMO)


# --- cost: constant queries per document ---------------------------------------------------------


def import_count(documents):
    with CaptureQueriesContext(connection) as queries:
        report = Importer(publish=True).run(documents)
    assert report.ok, report.errors
    return len(queries)


def test_query_count_per_document_is_constant(careers_index, django_assert_max_num_queries):
    documents = generate_documents(46, seed=3)
    # The very first child of /careers/ and cold caches cost a few extra queries, once.
    import_count(documents[45:])
    five = import_count(documents[:5])
    twenty = import_count(documents[5:25])
    per_document = (twenty - five) / 15
    fixed = five - 5 * per_document
    # Linear in the number of documents: the same cost per document at 5 and at 20.
    assert per_document == int(per_document) and fixed >= 0
    with django_assert_max_num_queries(int(fixed + 20 * per_document)):
        Importer(publish=True).run(documents[25:45])
    # Re-importing unchanged documents costs a fixed handful of queries, whatever the count.
    with django_assert_max_num_queries(8):
        Importer(publish=True).run(documents[5:25])


def test_payload_shape_is_json_serialisable(careers_index):
    doc = parse_document(GOOD, "de.txt").document
    payload = document_to_payload(doc, apply_defaults=site_apply_defaults())
    assert json.loads(json.dumps(payload)) == payload
    assert list(payload) == [
        "title",
        "slug",
        "role_name",
        "year",
        "intro",
        "search_description",
        "family",
        "body",
    ]
    table = next(block for block in payload["body"] if block["type"] == "salary_table")
    assert table["value"]["rows"][0]["base_min"] == 100000
    assert table["value"]["rows"][0]["intern_monthly_min"] is None


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal(careers_index):
    out = Terminal()
    call_command("import_roles", str(DEMO), stdout=out, stderr=StringIO())
    count = len(list(DEMO.glob("*.txt")))
    text = out.getvalue()
    assert f"100%|##########| {count}/{count}" in text  # tqdm's bar, redrawn in place
    assert "\r" in text
    assert "created   " not in text  # the bar replaces the per-file lines
    assert f"Summary: {count} created, 0 updated, 0 unchanged, 0 failed." in text


def test_no_progress_bar_when_stdout_is_not_a_terminal(careers_index):
    out = StringIO()
    call_command("import_roles", str(DEMO), stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "%|" not in text and "\r" not in text
    assert "created            /careers/data-engineer/" in text
