"""Site search at /search/: ranking, snippets, only live public pages, bad input."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from careers.find.search import clean_query, highlight, term_pattern
from careers.models import RolePage
from tests.support.find import role_body

MENTIONS = [
    "Kubernetes operators for Spark on Kubernetes",
    "Kubernetes networking and Kubernetes storage",
    "Helm charts for Kubernetes",
]


def result_names(html: str) -> list[str]:
    return re.findall(r'<li class="search-hit">\s*<h2><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def roles(make_role):
    return {
        # Mentions Kubernetes everywhere but is not named after it.
        "data": make_role(
            "Data Engineer",
            body=role_body(
                "Data Engineer",
                skills=MENTIONS,
                faq=[("Do I need Kubernetes?", "Yes: Kubernetes runs every Kubernetes job.")],
                day="Kubernetes, Kubernetes and more Kubernetes.",
            ),
        ),
        "platform": make_role(
            "Kubernetes Platform Engineer",
            intro="Platform engineers run the clusters that other teams deploy to.",
            body=role_body("Kubernetes Platform Engineer", skills=["Go", "Linux"]),
        ),
        "designer": make_role("Product Designer", body=role_body("Product Designer")),
    }


def test_a_role_named_for_the_word_ranks_above_one_that_mentions_it(client, roles):
    html = client.get("/search/?q=kubernetes").content.decode()
    assert result_names(html) == [
        "Kubernetes Platform Engineer Jobs &amp; Internships 2026",
        "Data Engineer Jobs &amp; Internships 2026",
    ]
    assert "Name matches" in html


def test_results_show_where_they_matched_with_highlights(client, roles):
    html = client.get("/search/?q=Kubernetes").content.decode()
    data_hit = html.split("Data Engineer Jobs")[1]
    assert "<dt>Skills</dt><dd><mark>Kubernetes</mark> operators for Spark on " in data_hit
    assert "<dt>FAQ</dt><dd>Do I need <mark>Kubernetes</mark>?</dd>" in data_hit
    # Results carry the salary range like the index does.
    assert "$117,000–$351,000" in data_hit


def test_stemmed_words_are_highlighted(client, roles):
    html = client.get("/search/?q=engineers").content.decode()
    assert "<mark>engineers</mark>" in html or "<mark>Engineers</mark>" in html


def test_snippets_are_escaped(client, make_role):
    make_role(
        "Web Engineer",
        body=role_body("Web Engineer", skills=["Escaping <script>alert(1)</script> in templates"]),
    )
    html = client.get("/search/?q=escaping").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<mark>Escaping</mark> &lt;script&gt;alert(1)&lt;/script&gt; in templates" in html


def test_only_live_public_pages_are_found(client, roles, make_role, careers_index):
    make_role("Kubernetes Draft Engineer", publish=False)
    withdrawn = make_role("Kubernetes Retired Engineer")
    withdrawn.unpublish()
    private = make_role("Kubernetes Secret Engineer")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    names = result_names(client.get("/search/?q=kubernetes").content.decode())
    assert names == [
        "Kubernetes Platform Engineer Jobs &amp; Internships 2026",
        "Data Engineer Jobs &amp; Internships 2026",
    ]


def test_no_match_says_so(client, roles):
    html = client.get("/search/?q=astronaut").content.decode()
    assert result_names(html) == []
    assert "No published role mentions “astronaut”." in html
    assert '<a href="/careers/">browse and filter every role</a>' in html


def test_every_word_first_then_any_word_with_a_note(client, roles):
    html = client.get("/search/?q=kubernetes+astronaut").content.decode()
    assert "No role matched every word, so these match at least one." in html
    assert len(result_names(html)) == 2


@pytest.mark.parametrize(
    "query",
    ['"kube', "kubernetes AND", "NOT kubernetes", "c++", "kube*", "(a OR b", "a:b", "%%%", "'"],
)
def test_search_syntax_never_breaks_the_page(client, roles, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_punctuation_only_query_gets_a_note(client, roles):
    html = client.get("/search/", {"q": "%%% ---"}).content.decode()
    assert "The search had no letters or digits to look for." in html


def test_empty_search_explains_itself(client, roles):
    html = client.get("/search/").content.decode()
    assert result_names(html) == []
    assert "Search role names, introductions, skills" in html


def test_search_results_are_paginated(client, make_role):
    for n in range(23):
        make_role(f"Robotics Engineer {n:02d}", body=role_body(f"Robotics Engineer {n:02d}"))
    first = client.get("/search/?q=robotics").content.decode()
    assert len(result_names(first)) == 20
    assert 'href="?q=robotics&amp;page=2" rel="next"' in first
    assert '<a href="?q=robotics" aria-current="page">' in first
    second = client.get("/search/?q=robotics&page=2").content.decode()
    assert len(result_names(second)) == 3
    assert '<ol class="search-results" start="21">' in second


def test_clean_query_keeps_words_only():
    assert clean_query('"kube" AND (c++)')[0] == "kube AND c"
    assert clean_query("x " * 20)[1] == ["Only the first 10 words were searched for."]


def test_highlight_windows_long_text():
    text = "word " * 60 + "Kubernetes " + "word " * 60
    snippet = highlight(text, term_pattern("kubernetes"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>Kubernetes</mark>" in snippet
    assert len(snippet) < 260


@pytest.mark.parametrize("count", [5, 25])
def test_search_query_count_does_not_grow(client, make_role, django_assert_max_num_queries, count):
    for n in range(count):
        make_role(f"Robotics Engineer {n:02d}", body=role_body(f"Robotics Engineer {n:02d}"))
    client.get("/search/?q=robotics")  # warm the caches a running server has
    with django_assert_max_num_queries(7):
        response = client.get("/search/?q=robotics")
    assert len(result_names(response.content.decode())) == min(count, 20)


def test_name_matches_stay_first_across_pages(client, make_role):
    # 22 roles only mention robotics; 3 are named for it. Relevance alone would mix them.
    for n in range(22):
        make_role(
            f"Controls Engineer {n:02d}",
            body=role_body(f"Controls Engineer {n:02d}", skills=["Robotics", "Robotics arms"]),
        )
    for n in range(3):
        make_role(f"Robotics Engineer {n}", body=role_body(f"Robotics Engineer {n}"))
    first = result_names(client.get("/search/?q=robotics").content.decode())
    second = result_names(client.get("/search/?q=robotics&page=2").content.decode())
    assert len(first) == 20 and len(second) == 5
    assert sorted(first[:3]) == [
        f"Robotics Engineer {n} Jobs &amp; Internships 2026" for n in range(3)
    ]
    assert all(name.startswith("Controls Engineer") for name in first[3:] + second)
    # Every match is shown once.
    assert len(set(first + second)) == 25


def test_a_page_can_start_among_the_name_matches_and_end_among_the_rest(client, make_role):
    for n in range(22):
        make_role(f"Robotics Engineer {n:02d}", body=role_body(f"Robotics Engineer {n:02d}"))
    make_role("Controls Engineer", body=role_body("Controls Engineer", skills=["Robotics arms"]))
    html = client.get("/search/?q=robotics&page=2").content.decode()
    names = result_names(html)
    assert len(names) == 3
    assert names[-1] == "Controls Engineer Jobs &amp; Internships 2026"
    assert "23 roles found for “robotics”. Page 2 of 2." in html


@pytest.mark.parametrize("count", [5, 40])
def test_a_deep_search_page_costs_the_same_at_two_sizes(
    client, make_role, django_assert_max_num_queries, count
):
    """Page 2 needs the name matches' count as well as the total; neither reads the rows."""
    for n in range(count):
        make_role(f"Robotics Engineer {n:02d}", body=role_body(f"Robotics Engineer {n:02d}"))
    for n in range(22):
        make_role(f"Controls Engineer {n:02d}", body=role_body("Controls", skills=["Robotics"]))
    url = "/search/?q=robotics&page=2"
    client.get(url)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    # Page 2 of count + 22 matches: among the name matches at 40, past them at 5.
    assert len(result_names(response.content.decode())) == min(20, count + 2)


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL index"
)
def test_search_reads_wagtails_index_through_an_index_on_postgresql(roles):
    """The backend matches ``title || body``; migration 0013 indexes that expression."""
    results = get_search_backend().search("kubernetes", RolePage.objects.live())
    sql, _params = results.get_queryset().query.sql_with_params()
    match = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert match in sql
    with connection.cursor() as cursor:
        # A handful of test rows make any plan cheap; ask for the match alone, scans off.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {match} to_tsquery(%s)",
            ["kubernetes"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "careers_search_entry_vector" in plan, plan
    assert results.count() == 2
