"""API listings cost a fixed number of SQL queries however many role pages there are."""

from careers.testing.factories import sample_body
from tests.support.api import MAX_QUERIES

URLS = [
    "/api/v2/pages/?type=careers.RolePage&fields=*&limit=20",
    "/api/v2/pages/?type=careers.RolePage&fields=*&limit=20&min_base_max=100000&skill=python",
    "/api/v3/pages/?limit=20",
    "/api/v3/pages/?limit=20&min_base_max=100000&skill=python&order=-base_max",
    "/api/v3/pages/?limit=20&search=dependable",
]


def _measure(client, django_assert_max_num_queries, total):
    for url in URLS:
        client.get(url)  # warm the per-process caches (site root paths, content types)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:500])
        data = response.json()
        if "search" not in url and "skill" not in url:
            count = data["meta"]["total_count"] if "/v2/" in url else data["count"]
            assert count == total + 3, url
        items = data["items"]
        assert len(items) == 20, url
        role = next(item for item in items if item["role_name"].startswith("Role"))
        overview = next(block for block in role["body"] if block["type"] == "overview")
        # Each page links to the three targets from several rich-text values.
        assert overview["value"]["body"].count('<a href="/careers/target-') == 3, url


def test_listing_query_count_is_flat_from_10_to_50_pages(
    client, make_role, django_assert_max_num_queries
):
    targets = tuple(make_role(f"Target {n}").id for n in range(3))

    def add_roles(start, stop):
        for n in range(start, stop):
            name = f"Role {n:03d}"
            make_role(name, body=sample_body(name, targets))

    add_roles(0, 17)  # 20 pages in all: every listing fills a page of 20
    _measure(client, django_assert_max_num_queries, 17)
    add_roles(17, 50)
    _measure(client, django_assert_max_num_queries, 50)
