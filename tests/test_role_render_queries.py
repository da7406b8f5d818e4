"""Rendering a role page costs a bounded number of queries, whatever its size."""

from careers.testing.factories import sample_body

ONE_OFF = {"salary_table", "faq", "apply", "career_path"}


def big_body(role_name, link_ids, repeats):
    """Every block kind, repeatable ones `repeats` times, all rich text linking to pages."""
    body, seen = [], set()
    for _ in range(repeats):
        for name, value in sample_body(role_name, link_ids):
            if name in ONE_OFF:
                if name in seen:
                    continue
                seen.add(name)
            body.append((name, value))
    return body


def render_queries(client, page, django_assert_max_num_queries, bound=12):
    client.get(page.url)  # warm the caches a running server has warm (site root paths)
    with django_assert_max_num_queries(bound) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_role_page_queries_do_not_grow_with_blocks_or_links(
    client, make_role, django_assert_max_num_queries
):
    targets = [make_role(f"Target {i}") for i in range(6)]
    ids = tuple(t.id for t in targets)
    small = make_role("Small Role", body=big_body("Small Role", ids[:1], 1))
    large = make_role("Applied ML Engineer", body=big_body("Applied ML Engineer", ids, 10))
    assert len(large.body) >= 40

    small_count, _ = render_queries(client, small, django_assert_max_num_queries)
    large_count, html = render_queries(client, large, django_assert_max_num_queries)

    assert large_count == small_count
    # The links were really resolved, not dropped.
    assert html.count(f'href="{targets[5].url}"') >= 10
