"""SQL per request does not grow with content: the render (cache off) stays within fixed bounds."""

import pytest

from careers.testing.factories import RolePageFactory, sample_body

ROLE_PAGE_BOUND = 12
INDEX_BOUND = 10
API_DETAIL_BOUND = 12
API_LISTING_BOUND = 15


def add_roles(parent, count, start=0):
    """Live role pages, each linking to the two created before it (links cost lookups)."""
    pages = []
    for n in range(start, start + count):
        links = tuple(page.id for page in pages[-2:])
        name = f"Role {n:03d}"
        pages.append(RolePageFactory(parent=parent, role_name=name, body=sample_body(name, links)))
    return pages


def measured(client, url, bound, django_assert_max_num_queries):
    client.get(url)  # the first request fills per-process caches (content types, site root)
    with django_assert_max_num_queries(bound) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries.captured_queries), response


def test_role_page_with_many_links_stays_within_bound(
    client, careers_index, django_assert_max_num_queries
):
    roles = add_roles(careers_index, 12)
    page = RolePageFactory(
        parent=careers_index,
        role_name="Applied ML Engineer",
        body=sample_body("Applied ML Engineer", tuple(r.id for r in roles)),
    )
    count, response = measured(client, page.url, ROLE_PAGE_BOUND, django_assert_max_num_queries)
    assert response.content.count(b'href="/careers/role-0') >= 12 * 4


def test_careers_index_costs_the_same_for_200_roles_as_for_20(
    client, careers_index, django_assert_max_num_queries
):
    add_roles(careers_index, 20)
    few, _ = measured(client, "/careers/", INDEX_BOUND, django_assert_max_num_queries)
    add_roles(careers_index, 180, start=20)
    many, response = measured(client, "/careers/", few, django_assert_max_num_queries)
    # The index shows 20 roles a page (careers.find.filters.PER_PAGE) and counts them all.
    assert response.content.count(b'class="role-card"') == 20
    assert b"200 roles." in response.content
    assert many == few


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=careers.RolePage&fields=*&limit={limit}",
        "/api/v3/pages/?limit={limit}",
    ],
    ids=["v2", "v3"],
)
def test_api_listing_costs_the_same_for_50_pages_as_for_10(
    client, careers_index, url, django_assert_max_num_queries
):
    add_roles(careers_index, 50)
    few, small = measured(
        client, url.format(limit=10), API_LISTING_BOUND, django_assert_max_num_queries
    )
    many, large = measured(client, url.format(limit=50), few, django_assert_max_num_queries)
    assert len(large.json()["items"]) == 50
    assert len(small.json()["items"]) == 10
    assert many <= few


@pytest.mark.parametrize("url", ["/api/v2/pages/{id}/", "/api/v3/pages/{id}/"], ids=["v2", "v3"])
def test_api_detail_with_many_links_stays_within_bound(
    client, careers_index, url, django_assert_max_num_queries
):
    roles = add_roles(careers_index, 12)
    page = RolePageFactory(
        parent=careers_index,
        role_name="Applied ML Engineer",
        body=sample_body("Applied ML Engineer", tuple(r.id for r in roles)),
    )
    _, response = measured(
        client, url.format(id=page.id), API_DETAIL_BOUND, django_assert_max_num_queries
    )
    assert response.json()["role_name"] == "Applied ML Engineer"


def queries_for(client, url, django_assert_max_num_queries, bound=INDEX_BOUND):
    count, response = measured(client, url, bound, django_assert_max_num_queries)
    return count, response.content.decode()


def test_careers_pages_deep_in_the_listing_cost_the_same_at_two_sizes(
    client, careers_index, django_assert_max_num_queries
):
    # 20 roles a page: page 2 of 45 is full (the total is counted), page 3 is the short last one.
    add_roles(careers_index, 45)
    full_few, html = queries_for(client, "/careers/?page=2", django_assert_max_num_queries)
    assert "45 roles." in html
    last_few, html = queries_for(client, "/careers/?page=3", django_assert_max_num_queries)
    assert "45 roles." in html and html.count('class="role-card"') == 5
    add_roles(careers_index, 40, start=45)
    full_many, html = queries_for(client, "/careers/?page=3", django_assert_max_num_queries)
    assert "85 roles." in html and "Role 040" in html and "Role 059" in html
    last_many, html = queries_for(client, "/careers/?page=5", django_assert_max_num_queries)
    assert "85 roles." in html and html.count('class="role-card"') == 5
    assert (full_many, last_many) == (full_few, last_few)


def test_careers_listing_never_shows_a_role_twice_across_pages(client, careers_index):
    roles = add_roles(careers_index, 41)
    seen = []
    for number in (1, 2, 3):
        html = client.get(f"/careers/?page={number}").content.decode()
        seen += [role.role_name for role in roles if f">{role.role_name}<" in html]
    assert sorted(seen) == sorted(role.role_name for role in roles)


@pytest.mark.parametrize(
    ("url", "items"),
    [
        ("/api/v2/pages/?type=careers.RolePage&fields=*&limit=10&offset={offset}", "items"),
        ("/api/v3/pages/?limit=10&offset={offset}", "items"),
    ],
    ids=["v2", "v3"],
)
def test_api_listing_at_a_deep_offset_costs_the_same_at_two_sizes(
    client, careers_index, url, items, django_assert_max_num_queries
):
    add_roles(careers_index, 15)
    few, small = measured(
        client, url.format(offset=10), API_LISTING_BOUND, django_assert_max_num_queries
    )
    add_roles(careers_index, 40, start=15)
    many, large = measured(client, url.format(offset=50), few, django_assert_max_num_queries)
    assert [item["role_name"] for item in small.json()[items]] == [
        f"Role {n:03d}" for n in range(10, 15)
    ]
    assert [item["role_name"] for item in large.json()[items]] == [
        f"Role {n:03d}" for n in range(50, 55)
    ]
    assert many <= few


def test_keyword_filter_pages_cost_the_same_at_two_sizes(
    client, careers_index, django_assert_max_num_queries
):
    """/careers/?q=…&internships=1 deep in its results: the count and one page, at any size."""
    add_roles(careers_index, 25)
    url = "/careers/?q=role&internships=1&page=2"
    few, html = queries_for(client, url, django_assert_max_num_queries)
    assert "25 roles" in html and html.count('class="role-card"') == 5
    add_roles(careers_index, 40, start=25)
    many, html = queries_for(client, url, django_assert_max_num_queries)
    assert "65 roles" in html and html.count('class="role-card"') == 20
    assert many == few
