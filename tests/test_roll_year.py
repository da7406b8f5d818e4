"""The yearly refresh: ``manage.py roll_year`` and the "Roll to next year" bulk action."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Revision, WorkflowState

import pytest

from careers.editorial.roll_year import ROLLED, UNCHANGED, role_pages, roll_pages
from careers.models import RolePage

CUSTOM = "Data Engineering Careers 2026"


def roll(*args):
    out = StringIO()
    call_command("roll_year", *args, stdout=out)
    return out.getvalue()


def latest(page) -> RolePage:
    return RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def as_of_years(page) -> list:
    return [child.value["as_of_year"] for child in page.body if child.block_type == "salary_table"]


def revision_count() -> int:
    return Revision.objects.count()


# --- the command ---------------------------------------------------------------------------


def test_roll_sets_year_title_and_as_of_year_as_a_draft(make_role):
    page = make_role("Data Engineer")

    output = roll("--to", "2027")

    draft = latest(page)
    assert draft.year == 2027
    assert draft.title == "Data Engineer Jobs & Internships 2027"
    assert as_of_years(draft) == [2027]
    live = RolePage.objects.get(pk=page.pk)
    assert (live.live, live.has_unpublished_changes) == (True, True)
    assert (live.year, live.title) == (2026, "Data Engineer Jobs & Internships 2026")
    assert "rolled /careers/data-engineer/ (saved as a draft)" in output
    assert "year 2026 \u2192 2027" in output
    assert "Nothing was published." in output


def test_roll_reports_salary_figures_left_at_the_old_year(make_role):
    make_role("Data Engineer")
    output = roll("--to", "2027")
    assert "they are unchanged since 2026: update them from 2027's data" in output
    assert "1 rolled page(s) fail a check" in output


def test_a_table_without_an_as_of_year_is_judged_by_the_page_year(make_role):
    page = make_role("Data Engineer")
    for child in page.body:
        if child.block_type == "salary_table":
            child.value["as_of_year"] = None
    page.save_revision().publish()
    output = roll("--to", "2027")
    assert "salary table's as-of year (none) \u2192 2027" in output
    assert "they are unchanged since 2026: update them from 2027's data" in output


def test_roll_keeps_a_custom_title_and_warns_that_it_names_the_old_year(make_role):
    page = make_role("Data Engineer", title=CUSTOM)

    output = roll("--to", "2027")

    assert latest(page).title == CUSTOM
    assert "The title says 2026 but the page's year is 2027" in output


def test_dry_run_reports_and_saves_nothing(make_role):
    page = make_role("Data Engineer")
    before = revision_count()

    output = roll("--to", "2027", "--dry-run")

    assert revision_count() == before
    assert latest(page).year == 2026
    assert "would roll /careers/data-engineer/" in output
    assert "year 2026 \u2192 2027" in output


def test_running_it_again_changes_nothing(make_role):
    page = make_role("Data Engineer")
    roll("--to", "2027")
    before = revision_count()

    output = roll("--to", "2027")

    assert revision_count() == before
    assert "unchanged /careers/data-engineer/: already at 2027" in output
    assert latest(page).year == 2027


def test_a_page_at_a_later_year_is_left_alone(make_role):
    make_role("Data Engineer", year=2028)
    before = revision_count()
    output = roll("--to", "2027")
    assert revision_count() == before
    assert "already at 2028, after 2027" in output


def test_only_the_named_pages_are_rolled(make_role):
    chosen = make_role("Data Engineer")
    other = make_role("Analytics Engineer")
    roll("--to", "2027", "data-engineer")
    assert (latest(chosen).year, latest(other).year) == (2027, 2026)


def test_an_unknown_slug_is_an_error_naming_it(make_role):
    make_role("Data Engineer")
    with pytest.raises(CommandError, match="No role page with slug: nope"):
        roll("--to", "2027", "nope")


def test_a_year_out_of_range_is_refused(make_role):
    with pytest.raises(CommandError, match="between 2000 and 2100"):
        roll("--to", "3000")


def test_a_draft_ahead_of_live_is_rolled_not_discarded(make_role):
    page = make_role("Data Engineer")
    draft = page.get_latest_revision_as_object()
    draft.intro = "An editor's unpublished intro."
    draft.save_revision()

    roll("--to", "2027")

    rolled = latest(page)
    assert (rolled.intro, rolled.year) == ("An editor's unpublished intro.", 2027)


def test_a_locked_page_is_skipped_the_others_rolled_and_the_command_fails(
    make_role, django_user_model
):
    page = make_role("Data Engineer")
    free = make_role("Analytics Engineer")
    someone = django_user_model.objects.create_user("locker", password="pw")
    RolePage.objects.filter(pk=page.pk).update(locked=True, locked_by=someone)
    before = page.revisions.count()

    with pytest.raises(CommandError, match="could not be rolled"):
        roll("--to", "2027")

    assert page.revisions.count() == before
    assert latest(free).year == 2027


def test_a_user_rolls_only_the_pages_they_may_edit(make_role, django_user_model, editor):
    mine = make_role("Data Engineer")
    pages = role_pages()
    outsider = django_user_model.objects.create_user("outsider", password="pw")

    results = roll_pages(pages, 2027, user=outsider)
    assert {r.status for r in results} == {"skipped"}
    assert "You may not edit this page." in results[0].reason

    results = roll_pages(role_pages(), 2027, user=editor)
    assert [r.status for r in results] == [ROLLED]
    assert latest(mine).year == 2027
    assert [r.status for r in roll_pages(role_pages(), 2027, user=editor)] == [UNCHANGED]


def test_submit_hands_the_draft_to_review_and_publishes_nothing(make_role, editor):
    page = make_role("Data Engineer")

    output = roll("--to", "2027", "--submit", "--user", "ed")

    assert "(submitted for review)" in output
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert RolePage.objects.get(pk=page.pk).year == 2026


# --- the bulk action in the page listing ------------------------------------------------------


def bulk_url(*pages, next_url="/admin/pages/"):
    ids = "&".join(f"id={page.pk}" for page in pages)
    action = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "roll_year"])
    return f"{action}?{ids}&next={next_url}"


def test_the_listing_offers_roll_to_next_year(admin_client, careers_index, make_role):
    make_role("Data Engineer")
    response = admin_client.get(reverse("wagtailadmin_explore", args=[careers_index.pk]))
    assert "Roll to next year" in response.content.decode()


def test_the_confirmation_offers_the_next_year_and_names_the_pages(admin_client, make_role):
    page = make_role("Data Engineer")

    response = admin_client.get(bulk_url(page))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2027"' in html
    assert "Data Engineer Jobs &amp; Internships 2026" in html
    assert latest(page).year == 2026


def test_the_bulk_action_rolls_as_drafts_and_reports(admin_client, careers_index, make_role):
    first = make_role("Data Engineer")
    second = make_role("Analytics Engineer", title="Analytics at Example 2026")

    response = admin_client.post(bulk_url(first, second, careers_index), {"year": "2027"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 rolled to 2027, 0 unchanged, 0 skipped" in html
    assert "they are unchanged since 2026" in html
    assert "The title says 2026 but the page&#x27;s year is 2027" in html
    assert "These are not role pages" in admin_client.get(bulk_url(careers_index)).content.decode()
    for page in (first, second):
        stored = RolePage.objects.get(pk=page.pk)
        assert (stored.year, stored.has_unpublished_changes) == (2026, True)
        assert latest(page).year == 2027
    assert latest(first).title == "Data Engineer Jobs & Internships 2027"

    again = admin_client.post(bulk_url(first, second), {"year": "2027"}).content.decode()
    assert "0 rolled to 2027, 2 unchanged" in again


def test_the_bulk_action_can_submit_for_review(client, editor, make_role):
    page = make_role("Data Engineer")
    client.force_login(editor)

    response = client.post(bulk_url(page), {"year": "2027", "submit_for_review": "on"})

    assert response.status_code == 200
    assert "submitted for review" in response.content.decode()
    assert WorkflowState.objects.filter(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    assert RolePage.objects.get(pk=page.pk).year == 2026
    assert latest(page).year == 2027


def test_the_bulk_action_refuses_a_bad_year(admin_client, make_role):
    page = make_role("Data Engineer")
    response = admin_client.post(bulk_url(page), {"year": "1999"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 2000" in response.content.decode()
    assert latest(page).year == 2026
