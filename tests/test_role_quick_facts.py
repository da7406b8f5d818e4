"""The role page's quick facts and "On this page" list, as the server renders them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from careers.taxonomy import RoleFamily
from careers.testing.blocks import salary_row, salary_table, with_section
from careers.testing.factories import sample_body

pytestmark = pytest.mark.django_db


def quick_facts(client, page) -> tuple[dict[str, str], BeautifulSoup]:
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    facts = soup.select_one("header .quick-facts dl")
    assert facts is not None, "no quick-facts <dl> under the h1"
    terms = {
        item.dt.get_text(strip=True): item.dd.get_text(" ", strip=True)
        for item in facts.find_all("div")
    }
    return terms, soup


def test_seed_page_quick_facts_print_the_salary_tables_figures(client, make_role):
    family = RoleFamily.objects.create(name="Applied research")
    page = make_role("Applied ML Engineer", family=family)
    terms, soup = quick_facts(client, page)
    assert terms == {
        "Base salary": "$125,000\u2013$351,000",
        "Total-comp uplift": "+20\u2013100%",
        "Intern pay": "$8,000\u2013$13,000/mo",
        # Intern, Entry, Mid and Senior rows: the internship is not a level of the ladder.
        "Levels": "3",
        "Family": "Applied research",
        "Data": "2026 USD estimates, Levels.fyi, Glassdoor, and company disclosures",
    }
    # The summary sits right under the h1, before the intro.
    header = soup.select_one("article header")
    assert [child.name for child in header.find_all(recursive=False)][:2] == ["h1", "section"]
    button = soup.select_one(".quick-facts a.button")
    assert button["href"] == page.apply_url
    assert button.get_text(strip=True) == "Submit your profile"


def test_a_table_without_an_intern_row_says_no_internships(client, make_role):
    rows = [
        salary_row("Entry-Level", years=(0, 2), base=(90000, 120000), uplift=(10, 20)),
        salary_row("Senior", years=(5, 8), base=(150000, 200000)),
    ]
    body = with_section(sample_body("QA Engineer"), "salary_table", **salary_table(rows))
    page = make_role("QA Engineer", body=body)
    terms, _ = quick_facts(client, page)
    assert terms["Intern pay"] == "No internships"
    assert terms["Levels"] == "2"
    assert terms["Base salary"] == "$90,000\u2013$200,000"
    assert terms["Total-comp uplift"] == "+10\u201320%"
    assert "Family" not in terms


def test_contents_links_point_at_ids_on_the_page(client, make_role):
    page = make_role("Data Engineer")
    _, soup = quick_facts(client, page)
    nav = soup.select_one('nav[aria-label="On this page"]')
    assert nav is not None
    links = nav.find_all("a")
    # One link per section of the sample body (every block kind once).
    assert len(links) == len(page.body)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in links:
        target = link["href"].removeprefix("#")
        assert target in ids, f"contents link {link['href']} has no target"
        assert soup.find(id=target).get_text(strip=True) == link.get_text(strip=True)
    assert links[-1].get_text(strip=True) == "Where the work happens"


def test_a_page_without_an_apply_section_still_offers_the_default_button(client, make_role):
    body = [block for block in sample_body("QA Engineer") if block[0] != "apply"]
    page = make_role("QA Engineer", body=body)
    _, soup = quick_facts(client, page)
    button = soup.select_one(".quick-facts a.button")
    assert button.get_text(strip=True) == "Submit your profile"
    assert button["href"] == page.apply_url
