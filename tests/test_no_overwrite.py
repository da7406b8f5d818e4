"""Nothing overwrites an editor's work: setup_site's demo pages, import_roles without --force."""

import re
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import PageLogEntry

import pytest

from careers.models import RolePage
from careers.pipeline.load import Importer
from tests.support.importing import DEMO, GOOD, run, run_failing, write

REPO = Path(__file__).resolve().parents[1]
DEMO_SLUGS = sorted(path.stem for path in DEMO.glob("*.txt"))


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_superuser(
        "alice", "alice@example.com", "pw", first_name="Alice", last_name="Editor"
    )


def edit(page, user, intro="An editor's own intro.", publish=True):
    """What an editor's save in the admin leaves: a revision by them, logged as an edit."""
    draft = page.get_latest_revision_as_object()
    draft.intro = intro
    revision = draft.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return RolePage.objects.get(pk=page.pk)


def setup_demo(monkeypatch, tmp_path):
    monkeypatch.setattr(
        "careers.management.commands.setup_site.ADMIN_PASSWORD_FILE", tmp_path / "pw.txt"
    )
    out = StringIO()
    call_command("setup_site", "--demo", str(DEMO), stdout=out, stderr=StringIO())
    return out.getvalue()


# --- setup_site --demo (make run) ------------------------------------------------------


def test_make_run_loads_the_demo_through_setup_site_only():
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.M)
    assert recipe, "no demo target"
    assert "setup_site --demo demo/roles" in recipe.group(1)
    assert "import_roles" not in recipe.group(1)


def test_setup_site_creates_the_demo_pages_once_and_keeps_an_editors_change(
    db, tmp_path, monkeypatch, alice
):
    out = setup_demo(monkeypatch, tmp_path)
    pages = RolePage.objects.order_by("slug")
    assert [page.slug for page in pages] == DEMO_SLUGS
    assert all(page.live for page in pages)
    assert "Created the demo page /careers/ux-researcher/." in out

    edited = edit(RolePage.objects.get(slug="ux-researcher"), alice)
    untouched = RolePage.objects.get(slug="data-engineer")
    out = setup_demo(monkeypatch, tmp_path)
    assert f"Kept {len(DEMO_SLUGS)} existing demo page(s)" in out
    assert "Created the demo page" not in out
    after = RolePage.objects.get(slug="ux-researcher")
    assert after.latest_revision_id == edited.latest_revision_id
    assert after.live_revision_id == edited.live_revision_id
    assert after.intro == "An editor's own intro."
    # Not even an unchanged page gets a new revision or a new publish.
    again = RolePage.objects.get(slug="data-engineer")
    assert (again.latest_revision_id, again.last_published_at) == (
        untouched.latest_revision_id,
        untouched.last_published_at,
    )


def test_setup_site_keeps_an_unpublished_draft_unpublished(db, tmp_path, monkeypatch, alice):
    setup_demo(monkeypatch, tmp_path)
    edit(RolePage.objects.get(slug="ux-researcher"), alice, "A draft in progress.", publish=False)
    setup_demo(monkeypatch, tmp_path)
    page = RolePage.objects.get(slug="ux-researcher")
    assert page.has_unpublished_changes
    assert page.intro != "A draft in progress."
    assert page.get_latest_revision_as_object().intro == "A draft in progress."


def test_setup_site_recreates_only_a_missing_demo_page(db, tmp_path, monkeypatch):
    setup_demo(monkeypatch, tmp_path)
    RolePage.objects.get(slug="ux-researcher").delete()
    out = setup_demo(monkeypatch, tmp_path)
    assert "Created the demo page /careers/ux-researcher/." in out
    assert f"Kept {len(DEMO_SLUGS) - 1} existing demo page(s)" in out


def test_setup_site_refuses_a_broken_demo_document_and_sets_nothing_up(db, tmp_path, monkeypatch):
    write(tmp_path, "bad.txt", "Not a title\n")
    monkeypatch.setattr(
        "careers.management.commands.setup_site.ADMIN_PASSWORD_FILE", tmp_path / "pw.txt"
    )
    with pytest.raises(CommandError, match=r"bad\.txt:1: missing title"):
        call_command("setup_site", "--demo", str(tmp_path), stdout=StringIO())
    assert not RolePage.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


# --- import_roles: its own revisions only, unless --force -------------------------------


def test_an_import_records_its_document_in_the_page_history(careers_index, tmp_path):
    path = write(tmp_path, "de.txt", GOOD)
    run(path)
    page = RolePage.objects.get(slug="data-engineer")
    entry = PageLogEntry.objects.get(revision=page.latest_revision, action="wagtail.create")
    assert entry.data["import"]["document"] == "de.txt"
    assert entry.data["import"]["source"] == str(path)
    assert len(entry.data["import"]["sha256"]) == 64


def test_reimporting_a_changed_document_over_its_own_import_is_allowed(careers_index, tmp_path):
    path = write(tmp_path, "de.txt", GOOD)
    run(path, "--publish")
    write(tmp_path, "de.txt", GOOD.replace("They move data.", "They move lots of data."))
    out, _ = run(path, "--publish")
    assert "1 updated" in out
    # The same document from another directory is the same document.
    other = tmp_path / "elsewhere"
    other.mkdir()
    out, _ = run(write(other, "de.txt", GOOD), "--publish")
    assert "1 updated" in out


def test_import_refuses_to_overwrite_an_editors_change(careers_index, tmp_path, alice):
    path = write(tmp_path, "de.txt", GOOD)
    run(path, "--publish")
    page = edit(RolePage.objects.get(slug="data-engineer"), alice)
    revisions = page.revisions.count()
    write(tmp_path, "de.txt", GOOD.replace("They move data.", "They move lots of data."))
    other = write(tmp_path, "ux.txt", GOOD.replace("Data Engineer", "UX Researcher"))

    for flags in ((), ("--dry-run",)):
        out, err, error = run_failing(path, other, "--publish", *flags)
        when = page.latest_revision.created_at.strftime("%Y-%m-%d %H:%M UTC")
        assert (
            f'{path}:1: the page "Data Engineer Jobs & Internships 2026" (/careers/data-engineer/) '
            f"was last changed by Alice Editor (alice) on {when}, not by an import of de.txt; "
            "importing would overwrite that work. Re-run with --force to overwrite it"
        ) in err
        assert "1 failed" in out and "nothing was written" in error

    # All or nothing: the refused page keeps the editor's revision, the other file is not created.
    page.refresh_from_db()
    assert page.revisions.count() == revisions
    assert page.intro == "An editor's own intro."
    assert not RolePage.objects.filter(slug="ux-researcher").exists()


def test_force_overwrites_and_the_import_owns_the_page_again(careers_index, tmp_path, alice):
    path = write(tmp_path, "de.txt", GOOD)
    run(path, "--publish")
    edit(RolePage.objects.get(slug="data-engineer"), alice)
    out, _ = run(path, "--publish", "--force")
    assert "1 updated" in out
    page = RolePage.objects.get(slug="data-engineer")
    assert page.intro == "Data engineers build pipelines."
    # The latest revision is the import's again: the next import needs no --force.
    write(tmp_path, "de.txt", GOOD.replace("They move data.", "They move lots of data."))
    out, _ = run(path, "--publish")
    assert "1 updated" in out


def test_import_refuses_a_page_made_elsewhere(make_role, tmp_path, alice):
    page = make_role("Data Engineer")
    page.save_revision(user=alice, log_action=True).publish(user=alice)
    _, err, _ = run_failing(write(tmp_path, "de.txt", GOOD))
    assert "was last changed by Alice Editor (alice) on" in err
    # A revision with no user and no import record (a script, an old import) is refused too.
    make_role("UX Researcher")
    _, err, _ = run_failing(
        write(tmp_path, "ux.txt", GOOD.replace("Data Engineer", "UX Researcher"))
    )
    assert "(/careers/ux-researcher/) was last changed by an unknown user on" in err


def test_import_refuses_to_overwrite_another_documents_import(careers_index, tmp_path):
    run(write(tmp_path, "data-engineer.txt", GOOD))
    changed = GOOD.replace("They move data.", "They move lots of data.")
    _, err, _ = run_failing(write(tmp_path, "de-copy.txt", changed))
    assert "was last changed by an import of data-engineer.txt on" in err
    assert "not by an import of de-copy.txt" in err


def test_an_identical_document_is_unchanged_even_over_an_editors_revision(
    careers_index, tmp_path, alice
):
    path = write(tmp_path, "de.txt", GOOD)
    run(path, "--publish")
    page = RolePage.objects.get(slug="data-engineer")
    # The editor saved without changing anything: there is nothing of theirs to overwrite.
    page.get_latest_revision_as_object().save_revision(user=alice, log_action=True).publish(
        user=alice
    )
    out, _ = run(path, "--publish")
    assert "1 unchanged" in out


def test_a_revision_saved_during_the_import_is_not_overwritten(
    careers_index, tmp_path, alice, monkeypatch
):
    path = write(tmp_path, "de.txt", GOOD)
    run(path, "--publish")
    write(tmp_path, "de.txt", GOOD.replace("They move data.", "They move lots of data."))
    prepare = Importer.prepare

    def editor_saves_meanwhile(self, items, index):
        prepare(self, items, index)
        edit(RolePage.objects.get(slug="data-engineer"), alice, "Saved while importing.")

    monkeypatch.setattr(Importer, "prepare", editor_saves_meanwhile)
    _, err, error = run_failing(path, "--publish")
    assert "/careers/data-engineer/ got a new revision while importing" in err
    assert "nothing was written" in err
    assert RolePage.objects.get(slug="data-engineer").intro == "Saved while importing."
