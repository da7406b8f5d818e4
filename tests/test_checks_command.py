"""``manage.py check_content``: live content, or drafts with --latest; exit status gates CI."""

import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from tests.support import seed


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("check_content", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


@pytest.fixture
def seed_role(make_role):
    return make_role(seed.ROLE, title=seed.TITLE, intro=seed.INTRO, body=seed.seed_body())


def save_draft(page, change):
    """Save a new draft revision with ``change(draft)`` applied; the live page is untouched."""
    draft = page.get_latest_revision_as_object()
    change(draft)
    draft.save_revision()
    return draft


def invert_senior(draft):
    body = draft.body.raw_data
    for block in body:
        if block["type"] == "salary_table":
            row = block["value"]["rows"][3]
            row = row.get("value", row)
            row["base_min"], row["base_max"] = 351000, 252000
    draft.body = body


@pytest.mark.django_db
def test_seed_page_passes_with_warnings(seed_role):
    code, out, _ = run()
    assert code == 0
    assert "applied-ml-engineer" in out
    assert "0 error(s), 3 warning(s)" in out
    assert "What Does a Applied ML Engineer Do?" in out


@pytest.mark.django_db
def test_by_default_the_live_content_is_checked_not_a_draft(seed_role):
    save_draft(seed_role, invert_senior)
    code, out, _ = run("--json")
    assert code == 0
    report = json.loads(out)
    assert report["checked"] == "live"
    [page] = report["pages"]
    assert page["revision_id"] == seed_role.live_revision_id
    assert not [f for f in page["findings"] if f["level"] == "error"]


@pytest.mark.django_db
def test_draft_with_an_error_fails_with_latest_though_the_live_page_is_fine(seed_role):
    save_draft(seed_role, invert_senior)
    code, out, message = run("--json", "--latest")
    assert code == 1
    assert message == "1 content error on 1 page."
    report = json.loads(out)
    [page] = report["pages"]
    assert page["slug"] == "applied-ml-engineer" and page["live"] is True
    assert page["has_unpublished_changes"] is True
    [error] = [f for f in page["findings"] if f["level"] == "error"]
    assert error["code"] == "range-inverted"
    assert error["quote"] == "$351,000\u2013$252,000"
    assert error["location"] == "Salary table \u203a row 4 (Senior) \u203a base salary"
    assert error["path"].endswith("/value/rows/3/base_min")


@pytest.mark.django_db
def test_json_quotes_the_offending_text(seed_role):
    code, out, _ = run("--json", "applied-ml-engineer")
    assert code == 0
    quotes = [f["quote"] for f in json.loads(out)["pages"][0]["findings"]]
    assert "What Does a Applied ML Engineer Do?" in quotes


@pytest.mark.django_db
def test_unpublished_pages_are_checked_with_latest(make_role):
    page = make_role("Data Engineer", publish=False, live=False, title="Data Engineer Jobs 2026")
    save_draft(page, lambda draft: setattr(draft, "intro", "TODO write an intro"))
    code, out, _ = run("data-engineer", "--latest")
    assert code == 0
    assert "draft" in out and "Leftover placeholder" in out


@pytest.mark.django_db
def test_pages_not_live_are_skipped_by_default_and_named(make_role):
    page = make_role("Data Engineer", publish=False, live=False, title="Data Engineer Jobs 2026")
    save_draft(page, lambda draft: setattr(draft, "body", []))
    code, out, _ = run()
    assert code == 0
    assert "Checked 0 role pages." in out
    assert "Skipped 1 page(s) that are not live: data-engineer (use --latest" in out
    code, out, _ = run("--json")
    assert json.loads(out)["skipped"] == ["data-engineer"]


@pytest.mark.django_db
def test_slugs_limit_the_run_and_unknown_slugs_are_named(seed_role, make_role):
    other = make_role("Data Engineer")
    save_draft(other, lambda draft: setattr(draft, "body", []))
    code, out, _ = run("applied-ml-engineer")
    assert code == 0 and "data-engineer" not in out
    code, out, message = run("--latest")
    assert code == 1 and "data-engineer" in out and "section" in out
    code, _, message = run("applied-ml-engineer", "no-such-role", "nor-this")
    assert code == 1 and message == "No role page with slug: no-such-role, nor-this."


@pytest.mark.django_db
def test_query_count_does_not_grow_per_page(make_role, django_assert_max_num_queries):
    for n in range(6):
        make_role(f"Role {n}")
    with django_assert_max_num_queries(4):
        code, out, _ = run("--json")
    assert code == 0 and len(json.loads(out)["pages"]) == 6


@pytest.mark.django_db
def test_drafts_ahead_of_live_are_checked_without_a_query_per_page(
    make_role, django_assert_max_num_queries
):
    for n in range(6):
        page = make_role(f"Role {n}")
        page.intro = f"Draft intro {n}: TODO"
        page.save_revision()
    with django_assert_max_num_queries(4):
        code, out, _ = run("--json", "--latest")
    pages = json.loads(out)["pages"]
    # The draft is what is checked: its placeholder is reported on every page.
    assert len(pages) == 6
    assert all(any(f["code"] == "placeholder" for f in p["findings"]) for p in pages), pages
