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
