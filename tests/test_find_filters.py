"""Filters on /careers/: what a visitor sees for each combination of URL parameters."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection

import pytest

from careers.find.filters import RoleFilters, apply_filters, parse_salary
from careers.models import RolePage
from tests.support.find import family, role_body


def role_titles(html: str) -> list[str]:
    """The role names listed as results, in order."""
    return re.findall(r'<li class="role-card">\s*<h2><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def catalogue(make_role):
    data = family("data")
    ml = family("machine-learning")
    roles = {
        "ml": make_role(
            "Applied ML Engineer",
            family=ml,
            body=role_body("Applied ML Engineer", top=351000, intern=True),
        ),
        "research": make_role(
            "Research Scientist",
            family=ml,
            body=role_body("Research Scientist", top=420000, intern=False),
        ),
        "data": make_role(
            "Data Engineer",
            family=data,
            body=role_body(
                "Data Engineer",
                top=240000,
                intern=True,
                skills=["SQL", "Kubernetes operators for Spark"],
                faq=[("Is on-call common?", "Rarely; pipelines page during office hours.")],
                steps=["Intern", "Data Engineer I", "Data Engineer II"],
            ),
        ),
        "analyst": make_role(
            "Data Analyst",
            family=data,
            body=role_body(
                "Data Analyst",
                top=150000,
                intern=True,
                day="You help the platform team migrate dashboards onto Kubernetes.",
            ),
        ),
    }
    return roles


def test_unfiltered_index_lists_every_role_with_salary_and_ladder(client, catalogue):
    html = client.get("/careers/").content.decode()
    assert role_titles(html) == [
        "Applied ML Engineer Jobs &amp; Internships 2026",
        "Data Analyst Jobs &amp; Internships 2026",
        "Data Engineer Jobs &amp; Internships 2026",
        "Research Scientist Jobs &amp; Internships 2026",
    ]
    assert "$117,000–$351,000" in html
    assert "3 levels" in html  # Data Engineer's ladder
    assert "4 levels" in html  # the sample ladder


def test_top_salary_and_internships_combine(client, catalogue):
    html = client.get("/careers/?min_salary=300000&internships=1").content.decode()
    assert role_titles(html) == ["Applied ML Engineer Jobs &amp; Internships 2026"]
    assert "1 role matches these filters." in html
    # The form shows what was asked, so the visitor can adjust it.
    assert 'name="min_salary" value="300000"' in html
    assert re.search(r'name="internships" value="1"\s+checked', html)


def test_salary_accepts_thousands_shorthand_and_separators(client, catalogue):
    for value in ("300k", "300,000", "300_000"):
        html = client.get("/careers/", {"min_salary": value}).content.decode()
        assert len(role_titles(html)) == 2, value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("300000", 300000), ("300k", 300000), ("1,250,000", 1250000), ("$90,000", 90000)],
)
def test_parse_salary_understands_common_spellings(raw, expected):
    assert parse_salary(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "-5", "3.5", "30,00", "1e6", ""])
def test_parse_salary_rejects_anything_else(raw):
    assert parse_salary(raw) is None


def test_keyword_matches_skills_and_faq_but_not_other_sections(client, catalogue):
    html = client.get("/careers/?q=kubernetes").content.decode()
    # Data Engineer lists it as a skill; Data Analyst only mentions it in a day in the life.
    assert role_titles(html) == ["Data Engineer Jobs &amp; Internships 2026"]
    html = client.get("/careers/?q=on-call").content.decode()
    assert role_titles(html) == ["Data Engineer Jobs &amp; Internships 2026"]


def test_every_keyword_must_match(client, catalogue):
    html = client.get("/careers/?q=spark+kubernetes").content.decode()
    assert role_titles(html) == ["Data Engineer Jobs &amp; Internships 2026"]
    html = client.get("/careers/?q=spark+astronaut").content.decode()
    assert role_titles(html) == []


def family_radios(html: str) -> dict[str, bool]:
    """The family control's radios inside the filter form: value → checked."""
    form = html[html.index('<form class="role-filters"') : html.index("</form>")]
    return {
        value: bool(checked)
        for value, checked in re.findall(
            r'<input type="radio" id="filter-family-[^"]+" name="family" value="([^"]*)"( checked)?>',
            form,
        )
    }


def test_family_filter_is_one_radio_group_with_the_choice_checked(client, catalogue):
    html = client.get("/careers/?family=machine-learning").content.decode()
    assert role_titles(html) == [
        "Applied ML Engineer Jobs &amp; Internships 2026",
        "Research Scientist Jobs &amp; Internships 2026",
    ]
    radios = family_radios(html)
    assert [value for value, checked in radios.items() if checked] == ["machine-learning"]
    assert {"", "data", "machine-learning"} <= set(radios)
    # One control: no family dropdown and no separate row of family links.
    assert html.count('name="family"') == len(radios)
    assert "<select" not in html and "family-nav" not in html
    assert "<legend>Role family</legend>" in html


def test_all_families_is_checked_when_no_family_is_chosen(client, catalogue):
    radios = family_radios(client.get("/careers/?family=astrology").content.decode())
    assert [value for value, checked in radios.items() if checked] == [""]


def test_role_cards_and_breadcrumb_link_to_the_family_filter(client, catalogue):
    html = client.get("/careers/").content.decode()
    assert '<a href="/careers/?family=data">Data</a>' in html
    role_html = client.get(catalogue["data"].url).content.decode()
    assert '<li><a href="/careers/?family=data">Data</a></li>' in role_html


def test_submitting_the_form_with_all_families_is_unfiltered(client, catalogue):
    # The form always sends family= (the "All families" radio): that is no filter, no note.
    html = client.get("/careers/?q=&min_salary=&family=").content.decode()
    assert len(role_titles(html)) == 4
    assert "There is no role family" not in html
    assert "Clear all filters" not in html


def test_invalid_parameters_are_ignored_with_a_visible_note(client, catalogue):
    response = client.get("/careers/?min_salary=lots&internships=maybe&family=astrology&page=zero")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(role_titles(html)) == 4
    assert "Ignored the minimum salary &quot;lots&quot;" in html
    assert "Ignored internships=&quot;maybe&quot;" in html
    assert "There is no role family &quot;astrology&quot;" in html
    assert "Ignored page=&quot;zero&quot;" in html


def test_no_match_says_so_and_offers_to_clear(client, catalogue):
    html = client.get("/careers/?q=astronaut&internships=1").content.decode()
    assert role_titles(html) == []
    assert "No roles match these filters." in html
    assert '<a href="/careers/">Clear all filters</a>' in html
    # Each active filter can be removed on its own, keeping the rest.
    assert 'href="?internships=1"' in html
    assert 'href="?q=astronaut"' in html


def test_filter_values_are_escaped(client, catalogue):
    html = client.get("/careers/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_pagination_past_twenty_results(client, make_role):
    for n in range(23):
        make_role(f"Platform Engineer {n:02d}", body=role_body(f"Platform Engineer {n:02d}"))
    first = client.get("/careers/?internships=1").content.decode()
    assert len(role_titles(first)) == 20
    assert "Page 1 of 2." in first
    assert '<a href="?internships=1" aria-current="page">' in first
    assert 'href="?internships=1&amp;page=2" rel="next"' in first
    second = client.get("/careers/?internships=1&page=2").content.decode()
    assert len(role_titles(second)) == 3
    beyond = client.get("/careers/?internships=1&page=9").content.decode()
    assert "There is no page 9; showing page 2 of 2." in beyond
    assert len(role_titles(beyond)) == 3


def test_drafts_are_not_listed(client, catalogue, make_role):
    make_role("Secret Role", publish=False, live=False)
    assert "Secret Role" not in client.get("/careers/").content.decode()


@pytest.mark.parametrize("count", [5, 25])
def test_filtered_index_query_count_does_not_grow(
    client, make_role, django_assert_max_num_queries, count
):
    data_family = family("data")
    for n in range(count):
        make_role(f"Role {n:02d}", family=data_family, body=role_body(f"Role {n:02d}"))
    url = "/careers/?q=role&min_salary=100000&internships=1&family=data"
    client.get(url)  # warm the caches a running server has
    # Wagtail routing takes 6 (site, page path, view restrictions); the list takes 5.
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert len(role_titles(response.content.decode())) == min(count, 20)


def test_derived_columns_follow_the_body(make_role):
    page = make_role(
        "Data Engineer",
        body=role_body(
            "Data Engineer",
            skills=["SQL", "dbt"],
            steps=["Intern", "Engineer I"],
            faq=[("Why dbt?", "Because <b>tests</b>.")],
        ),
    )
    page = RolePage.objects.get(pk=page.pk)
    assert page.skills_text == "SQL\ndbt"
    assert page.ladder_length == 2
    assert page.faq_text == "Why dbt?\nBecause tests."


def test_keywords_may_match_different_columns_but_never_span_two(client, catalogue, make_role):
    # "spark" is a skill and "office" is in an FAQ answer: each word may match anywhere.
    html = client.get("/careers/?q=spark+office").content.decode()
    assert role_titles(html) == ["Data Engineer Jobs &amp; Internships 2026"]
    # Searched columns are joined with spaces, so the end of one and the start of the next
    # never make a word: the intro ends "...Kube" and the skills start "rnetes ...".
    make_role(
        "Cluster Engineer",
        intro="Runs clusters on Kube",
        body=role_body("Cluster Engineer", skills=["rnetes clusters"]),
    )
    assert role_titles(client.get("/careers/?q=kubernetes").content.decode()) == [
        "Data Engineer Jobs &amp; Internships 2026"
    ]


def test_keyword_matches_a_title_the_editor_typed(client, catalogue, make_role):
    make_role("Astronaut", title="Orbital Careers Guide", custom_title=True)
    html = client.get("/careers/?q=orbital&internships=1").content.decode()
    assert role_titles(html) == ["Orbital Careers Guide"]


@pytest.mark.skipif(
    "postgresql" not in (settings.DATABASES["default"]["ENGINE"]), reason="PostgreSQL indexes"
)
def test_keyword_filter_is_served_by_the_trigram_indexes_on_postgresql(catalogue):
    """The SQL the filter writes must be the expression migration 0013 indexed."""
    roles = apply_filters(RolePage.objects.live(), RoleFilters(q="kubernetes"))
    sql, params = roles.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT pg_get_indexdef('careers_page_title_trgm'::regclass)")
        title_index = cursor.fetchone()[0]
    assert "careers_role_keyword_trgm" in plan, plan
    # The title index may not be used yet in a test database: built in the migrations'
    # transaction over freshly updated rows, PostgreSQL defers it (indcheckxmin) until older
    # transactions end. Its expression must still be the one the filter writes.
    assert "upper((title)::text) ~~ '%KUBERNETES%'" in plan, plan
    assert "gin (upper((title)::text) gin_trgm_ops)" in title_index
    assert [role.role_name for role in roles] == ["Data Engineer"]
