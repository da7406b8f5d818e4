def test_role_page_query_count_is_flat(
    client, make_role, careers_index, django_assert_max_num_queries
):
    from careers.factories import sample_body

    targets = [make_role(f"Target {i}") for i in range(5)]
    ids = tuple(t.id for t in targets)
    body = []
    for _ in range(5):
        body.extend(sample_body("Applied ML Engineer", ids))
    # one salary_table/faq/apply/career_path max: keep the repeated blocks only
    seen = set()
    trimmed = []
    for name, value in body:
        if name in {"salary_table", "faq", "apply", "career_path"}:
            if name in seen:
                continue
            seen.add(name)
        trimmed.append((name, value))
    page = make_role("Applied ML Engineer", body=trimmed)
    client.get(page.url)  # warm caches the way a running server has them
    with django_assert_max_num_queries(12):
        response = client.get(page.url)
    assert response.status_code == 200
    assert len(trimmed) >= 20
