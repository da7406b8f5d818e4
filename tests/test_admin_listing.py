"""The editor's view of many role pages: the filterable Role pages listing and its bulk actions."""

from html import unescape
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page, PageLogEntry

import pytest

from careers.models import RolePage
from careers.taxonomy import RoleFamily
from careers.testing.factories import RolePageFactory, sample_body

LISTING = "/admin/role-pages/"
# Wagtail's page listings show 50 rows a page (wagtail.admin.views.pages.listing.IndexView).
PAGE_SIZE = 50


def body_with_errors(role_name: str) -> list:
    """A body without its salary table: the checks find errors (a required section is missing)."""
    return [block for block in sample_body(role_name) if block[0] != "salary_table"]


@pytest.fixture
def families(db):
    data, ml = (
        RoleFamily.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("data", "Data"), ("machine-learning", "Machine learning"))
    )
    return data, ml


def add_roles(parent, count, *, start=0, **kwargs):
    return [
        RolePageFactory(parent=parent, role_name=f"Role {n:03d}", **kwargs)
        for n in range(start, start + count)
    ]


def listed_titles(response) -> set[str]:
    html = response.content.decode()
    return {
        page.title
        for page in RolePage.objects.all()
        if f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in html
    }


def bulk_url(action: str, listing_query: str) -> str:
    """What Wagtail's "select all N in listing" sends: the listing's query, id=all and next."""
    base = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    query = f"{listing_query}&" if listing_query else ""
    return f"{base}?{query}id=all&next={LISTING}?{listing_query}"


# --- the stored check status ---------------------------------------------------------------


def test_saving_a_role_page_stores_its_check_status(careers_index):
    clean = RolePageFactory(parent=careers_index, role_name="Data Engineer")
    broken = RolePageFactory(
        parent=careers_index, role_name="ML Engineer", body=body_with_errors("ML Engineer")
    )

    clean.refresh_from_db()
    broken.refresh_from_db()
    assert clean.check_errors == 0
    assert broken.check_errors > 0


def test_a_saved_draft_updates_the_status_the_live_page_shows(careers_index):
    page = RolePageFactory(parent=careers_index, role_name="Data Engineer")
    page.save_revision().publish()

    page = RolePage.objects.get(pk=page.pk)
    page.body = body_with_errors("Data Engineer")
    page.save_revision()

    stored = RolePage.objects.get(pk=page.pk)
    assert stored.live and stored.has_unpublished_changes
    assert stored.check_errors > 0


def test_check_content_store_fills_pages_never_checked(careers_index):
    page = RolePageFactory(
        parent=careers_index, role_name="ML Engineer", body=body_with_errors("ML Engineer")
    )
    RolePage.objects.filter(pk=page.pk).update(check_errors=None, check_warnings=None)
    out = StringIO()

    call_command("check_content", "--store", stdout=out)

    assert RolePage.objects.get(pk=page.pk).check_errors > 0
    assert "Stored the check status of 1 role page." in out.getvalue()


# --- the filters ---------------------------------------------------------------------------


@pytest.fixture
def mixed_roles(careers_index, families):
    data, ml = families
    return {
        "data_live": RolePageFactory(parent=careers_index, role_name="Data Analyst", family=data),
        "data_draft": RolePageFactory(
            parent=careers_index, role_name="Data Engineer", family=data, live=False
        ),
        "ml_broken": RolePageFactory(
            parent=careers_index,
            role_name="ML Engineer",
            family=ml,
            body=body_with_errors("ML Engineer"),
        ),
        "ml_live": RolePageFactory(parent=careers_index, role_name="ML Researcher", family=ml),
    }


def titles(*pages) -> set[str]:
    return {page.title for page in pages}


def test_the_listing_shows_every_role_page_with_its_family_and_checks(admin_client, mixed_roles):
    response = admin_client.get(LISTING)

    assert response.status_code == 200
    assert listed_titles(response) == titles(*mixed_roles.values())
    html = response.content.decode()
    assert "Machine learning" in html
    assert "error" in html  # the broken page's "N errors" in the Checks column
    for action in ("publish", "unpublish", "delete", "move", "roll_year"):
        assert f'href="/admin/bulk/wagtailcore/page/{action}/"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("family={data}", ["data_live", "data_draft"]),
        ("family={data}&family={ml}", ["data_live", "data_draft", "ml_broken", "ml_live"]),
        ("state=draft", ["data_draft"]),
        ("state=live", ["data_live", "ml_broken", "ml_live"]),
        ("checks=errors", ["ml_broken"]),
        ("checks=errors&family={data}", []),
        ("family={ml}&state=live&checks=clean", ["ml_live"]),
    ],
)
def test_the_filters_narrow_the_listing(admin_client, mixed_roles, families, query, expected):
    data, ml = families
    response = admin_client.get(f"{LISTING}?{query.format(data=data.pk, ml=ml.pk)}")

    assert response.status_code == 200
    assert listed_titles(response) == titles(*(mixed_roles[name] for name in expected))


def test_the_filters_narrow_a_search(admin_client, mixed_roles, families):
    data, _ml = families
    by_family = admin_client.get(f"{LISTING}?q=Engineer&family={data.pk}")
    with_errors = admin_client.get(f"{LISTING}?q=Engineer&checks=errors")

    assert by_family.status_code == with_errors.status_code == 200
    assert listed_titles(by_family) == titles(mixed_roles["data_draft"])
    assert listed_titles(with_errors) == titles(mixed_roles["ml_broken"])


def test_pages_never_checked_have_their_own_filter(admin_client, mixed_roles):
    unchecked = mixed_roles["data_live"]
    RolePage.objects.filter(pk=unchecked.pk).update(check_errors=None, check_warnings=None)

    response = admin_client.get(f"{LISTING}?checks=unchecked")

    assert listed_titles(response) == titles(unchecked)
    assert "Not checked yet" in response.content.decode()


def test_the_explorer_of_careers_links_to_the_filterable_listing(admin_client, careers_index):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[careers_index.pk]))

    assert response.status_code == 200
    assert f'href="{LISTING}"' in response.content.decode()


def test_careers_offers_no_sort_menu_order_its_visitors_never_see(admin_client, careers_index):
    """Wagtail's reorder view lists every child unpaginated; roles are shown by name anyway."""
    home = careers_index.get_parent()
    reorder = "?ordering=ord"
    at_home = admin_client.get(reverse("wagtailadmin_explore", args=[home.pk])).content.decode()
    at_careers = admin_client.get(
        reverse("wagtailadmin_explore", args=[careers_index.pk])
    ).content.decode()
    assert f"{reverse('wagtailadmin_explore', args=[home.pk])}{reorder}" in at_home
    assert f"{reverse('wagtailadmin_explore', args=[careers_index.pk])}{reorder}" not in at_careers
    assert f"{reverse('wagtailadmin_explore', args=[careers_index.pk])}{reorder}" not in at_home


# --- many pages ----------------------------------------------------------------------------


def measure(client, url, django_assert_max_num_queries, bound=60) -> int:
    client.get(url)  # per-process caches (content types, the site root) fill on the first
    with django_assert_max_num_queries(bound) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("kind", ["listing", "filtered", "explorer"])
def test_the_admin_listing_costs_the_same_for_40_pages_as_for_5(
    admin_client, careers_index, families, kind, django_assert_max_num_queries
):
    data, _ml = families
    url = {
        "listing": LISTING,
        "filtered": f"{LISTING}?family={data.pk}&state=live&checks=clean",
        "explorer": reverse("wagtailadmin_explore", args=[careers_index.pk]),
    }[kind]
    add_roles(careers_index, 5, family=data)
    few = measure(admin_client, url, django_assert_max_num_queries)
    add_roles(careers_index, 35, start=5, family=data)
    many = measure(admin_client, url, django_assert_max_num_queries, bound=few)
    assert many <= few


def test_the_listing_shows_fifty_rows_a_page(admin_client, careers_index):
    add_roles(careers_index, PAGE_SIZE + 3)

    first = admin_client.get(LISTING)
    second = admin_client.get(f"{LISTING}?p=2")

    assert len(listed_titles(first)) == PAGE_SIZE
    assert len(listed_titles(second)) == 3


# --- bulk actions on a filtered selection --------------------------------------------------


def test_select_all_publishes_only_the_filtered_pages(admin_client, careers_index, families):
    data, ml = families
    data_drafts = add_roles(careers_index, 6, family=data, live=False)
    ml_drafts = add_roles(careers_index, 4, start=6, family=ml, live=False)
    query = f"family={data.pk}&state=draft"

    confirm = admin_client.get(bulk_url("publish", query))
    assert confirm.status_code == 200
    html = unescape(confirm.content.decode())
    assert all(page.title in html for page in data_drafts)
    assert not any(page.title in html for page in ml_drafts)

    response = admin_client.post(bulk_url("publish", query))

    assert response.status_code == 302
    live = set(Page.objects.filter(live=True).values_list("pk", flat=True))
    assert {page.pk for page in data_drafts} <= live
    assert not {page.pk for page in ml_drafts} & live
    # Full Wagtail semantics: each published page has its revision and publish log entry.
    published = PageLogEntry.objects.filter(action="wagtail.publish")
    assert set(published.values_list("page_id", flat=True)) == {page.pk for page in data_drafts}


def test_select_all_unpublishes_only_pages_with_errors(admin_client, careers_index, families):
    data, _ml = families
    broken = [
        RolePageFactory(
            parent=careers_index, role_name=f"Broken {n}", body=body_with_errors(f"Broken {n}")
        )
        for n in range(3)
    ]
    fine = add_roles(careers_index, 5, family=data)

    response = admin_client.post(bulk_url("unpublish", "checks=errors"))

    assert response.status_code == 302
    assert not RolePage.objects.filter(pk__in=[p.pk for p in broken], live=True).exists()
    assert RolePage.objects.filter(pk__in=[p.pk for p in fine], live=True).count() == 5


def test_select_all_from_a_filtered_search_acts_on_the_matches_only(
    admin_client, careers_index, mixed_roles
):
    response = admin_client.post(bulk_url("unpublish", "q=Engineer&state=live"))

    assert response.status_code == 302
    live = set(RolePage.objects.filter(live=True).values_list("role_name", flat=True))
    # "ML Engineer" matched both; the analyst and the researcher did not match the search.
    assert live == {"Data Analyst", "ML Researcher"}


def test_select_all_never_deletes_more_than_the_filter_shows(admin_client, careers_index):
    keep = add_roles(careers_index, 4)
    drafts = add_roles(careers_index, 2, start=4, live=False)

    response = admin_client.post(bulk_url("delete", "state=draft"))

    assert response.status_code == 302
    remaining = set(RolePage.objects.values_list("pk", flat=True))
    assert remaining == {page.pk for page in keep}
    assert not remaining & {page.pk for page in drafts}


def test_roll_to_next_year_acts_on_the_filtered_selection(admin_client, careers_index, families):
    data, ml = families
    chosen = add_roles(careers_index, 3, family=data)
    others = add_roles(careers_index, 2, start=3, family=ml)
    for page in [*chosen, *others]:
        page.save_revision().publish()

    response = admin_client.post(bulk_url("roll_year", f"family={data.pk}"), {"year": "2027"})

    assert response.status_code == 200
    years = {page.pk: RolePage.objects.get(pk=page.pk).latest_content().year for page in chosen}
    assert set(years.values()) == {2027}
    assert {RolePage.objects.get(pk=p.pk).latest_content().year for p in others} == {2026}
