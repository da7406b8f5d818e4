"""The home page shows what the site is for: search, families, featured roles, how pay grows."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site

import pytest

from careers.facts.pay_growth import (
    fill_placeholders,
    level_midpoints,
    pay_growth,
    pay_growth_sentence,
    rounded,
    unknown_placeholders,
)
from careers.models import CareersSettings, RolePage
from careers.testing.blocks import salary_row, salary_table, with_section
from careers.testing.factories import RolePageFactory, sample_body
from home.models import HomeFeaturedRole, HomePage
from home.sections import count_phrase
from tests.support.find import family, role_body

# Eleven today: serving (site, page, alias, restriction), /careers/, settings and five for
# the sections (home/sections.py).
HOME_BOUND = 12
DEMO = Path(__file__).resolve().parents[1] / "demo" / "roles"


def rows(entry=None, mid=None, senior=None, intern=False, entry_label="Entry-Level"):
    """Salary rows with the given (min, max) base ranges."""
    found = [salary_row("Intern", intern_monthly=(8000, 12000))] if intern else []
    for label, base in ((entry_label, entry), ("Mid-Level", mid), ("Senior", senior)):
        if base is not None:
            found.append(salary_row(label, base=base))
    return found


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, name: str) -> str:
    """The HTML of the home section with class ``home-<name>``, or "" when it is absent."""
    match = re.search(rf'<section class="home-{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def card_names(html: str) -> list[str]:
    return re.findall(r'<li class="role-card home-card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


# --- how pay grows: the pure rule -------------------------------------------------------------


def test_typical_pay_is_the_median_of_each_roles_midpoint_per_level():
    growth = pay_growth(
        [
            ("USD", rows(entry=(100000, 120000), mid=(140000, 160000), senior=(200000, 220000))),
            ("USD", rows(entry=(120000, 140000), senior=(240000, 260000), intern=True)),
            ("USD", rows(entry=(90000, 110000), mid=(150000, 170000), senior=(180000, 200000))),
        ]
    )
    assert growth.currency == "USD"
    assert growth.roles == 3
    assert [(level.label, level.display, level.roles) for level in growth.levels] == [
        ("Entry-Level", "$110,000", 3),
        ("Mid-Level", "$155,000", 2),
        ("Senior", "$210,000", 3),
    ]
    assert growth.growth_percent == 91


def test_a_level_few_roles_have_is_not_called_typical():
    growth = pay_growth(
        [
            ("USD", rows(entry=(100000, 120000), senior=(200000, 220000))),
            ("USD", rows(entry=(120000, 140000), senior=(240000, 260000))),
            ("USD", rows(entry=(90000, 110000), mid=(300000, 300000), senior=(180000, 200000))),
        ]
    )
    assert [level.label for level in growth.levels] == ["Entry-Level", "Senior"]


def test_levels_are_matched_by_meaning_and_internships_are_left_out():
    role = [
        salary_row("Applied ML Intern", intern_monthly=(8000, 13000)),
        salary_row("Applied ML Engineer I", base=(100000, 140000)),
        salary_row("Senior Applied ML Engineer", base=(200000, None)),
        salary_row("Senior II", base=(400000, 400000)),  # a second senior row: the first counts
    ]
    assert level_midpoints(role) == {"entry": 120000, "senior": 200000}


def test_figures_in_another_currency_are_not_averaged_in():
    growth = pay_growth(
        [
            ("EUR", rows(entry=(50000, 60000), senior=(90000, 100000))),
            ("USD", rows(entry=(100000, 120000), senior=(200000, 220000))),
            ("usd", rows(entry=(100000, 120000), senior=(200000, 220000))),
        ]
    )
    assert (growth.currency, growth.roles) == ("USD", 2)
    assert growth.entry.display == "$110,000"


def test_no_growth_without_two_levels_with_figures():
    assert pay_growth([]) is None
    assert pay_growth([("USD", rows(entry=(100000, 120000)))]) is None
    assert pay_growth([("USD", [salary_row("Intern", intern_monthly=(1, 2))])]) is None


def test_typical_figures_are_rounded_to_the_thousand():
    assert rounded(152437.5) == 152000
    assert rounded(152500) == 153000
    assert rounded(950.4) == 950


def test_the_sentence_fills_the_editors_placeholders_and_needs_growth():
    growth = pay_growth([("USD", rows(entry=(100000, 100000), senior=(150000, 150000)))])
    template = "Across {roles}, pay rises {growth}: {entry} to {senior}."
    assert pay_growth_sentence(template, growth, "1 role") == (
        "Across 1 role, pay rises 50%: $100,000 to $150,000."
    )
    no_senior = pay_growth([("USD", rows(entry=(100000, 100000), mid=(150000, 150000)))])
    assert no_senior is not None and pay_growth_sentence(template, no_senior, "1 role") == ""
    falling = pay_growth([("USD", rows(entry=(150000, 150000), senior=(100000, 100000)))])
    assert pay_growth_sentence(template, falling, "1 role") == ""


def test_placeholders_are_replaced_never_formatted():
    assert fill_placeholders("{count.__class__} {count}", {"count": "3"}) == ("{count.__class__} 3")
    assert unknown_placeholders("{roles} {rols} {x} {rols}", ["roles"]) == ["rols", "x"]
    assert count_phrase(1, "1 role", "{count} roles") == "1 role"
    assert count_phrase(1200, "1 role", "{count} roles") == "1,200 roles"


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_role):
    """Three live roles in two families, one draft and one private role that must not show."""
    data, ml = family("data"), family("machine-learning")
    roles = {
        "ml": make_role(
            "Applied ML Engineer",
            family=ml,
            body=role_body(
                "Applied ML Engineer",
                rows=rows((120000, 180000), senior=(250000, 350000), intern=True),
            ),
        ),
        "data": make_role(
            "Data Engineer",
            family=data,
            body=role_body("Data Engineer", rows=rows((100000, 140000), senior=(170000, 230000))),
        ),
        "analyst": make_role(
            "Data Analyst",
            family=data,
            body=role_body("Data Analyst", rows=rows((80000, 100000), senior=(130000, 150000))),
        ),
        "draft": make_role("Draft Role", family=family("infrastructure"), publish=False),
        "private": make_role("Private Role", family=family("infrastructure")),
    }
    PageViewRestriction.objects.create(
        page=roles["private"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return roles


def get_home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_box_sends_words_to_site_search(client, catalogue):
    html = get_home(client)
    form = re.search(r'<form class="home-search" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == reverse("search") == "/search/"
    assert '<label for="home-search-q">Search roles</label>' in html
    assert re.search(r'<input type="search" id="home-search-q" name="q"', html)
    results = client.get("/search/", {"q": "analyst"}).content.decode()
    assert "Data Analyst" in results


def test_families_with_live_public_roles_are_listed_with_counts(client, catalogue):
    families = section(get_home(client), "families")
    links = re.findall(
        r'<a href="([^"]+)"><span class="home-family-name">([^<]+)</span> '
        r'<span class="home-family-count">([^<]+)</span>',
        families,
    )
    assert links == [
        ("/careers/?family=data", "Data", "2 roles"),
        ("/careers/?family=machine-learning", "Machine learning", "1 role"),
    ]
    # Infrastructure has only a draft and a private role: not offered.
    assert "Infrastructure" not in families
    listing = client.get(links[0][0]).content.decode()
    assert "Data Analyst" in listing and "Applied ML Engineer" not in listing


def test_without_chosen_roles_the_most_recently_published_are_featured(client, catalogue):
    assert card_names(get_home(client)) == ["Data Analyst", "Data Engineer", "Applied ML Engineer"]
    catalogue["ml"].save_revision().publish()
    assert card_names(get_home(client))[0] == "Applied ML Engineer"


def test_chosen_roles_come_first_in_the_editors_order_and_recent_ones_fill_up(
    client, home, catalogue
):
    for order, key in enumerate(["ml", "private", "draft"]):
        HomeFeaturedRole.objects.create(page=home, role=catalogue[key], sort_order=order)
    home.featured_count = 2
    home.save()
    # The private and the draft choice are never shown; the newest live role fills their place.
    assert card_names(get_home(client)) == ["Applied ML Engineer", "Data Analyst"]


def test_more_chosen_roles_than_the_count_are_all_shown(client, home, catalogue):
    for order, key in enumerate(["analyst", "ml", "data"]):
        HomeFeaturedRole.objects.create(page=home, role=catalogue[key], sort_order=order)
    home.featured_count = 1
    home.save()
    assert card_names(get_home(client)) == ["Data Analyst", "Applied ML Engineer", "Data Engineer"]


def test_cards_show_family_pay_and_internships(client, catalogue):
    html = get_home(client)
    card = re.search(
        r'<li class="role-card home-card">(?:(?!</li>).)*Applied ML(?:(?!</li>).)*</li>', html, re.S
    )
    assert text_of(card.group(0)) == (
        "Applied ML Engineer Machine learning Base pay $120,000–$350,000 Internships Offered"
    )
    assert 'href="/careers/applied-ml-engineer/"' in card.group(0)
    analyst = re.search(
        r'<li class="role-card home-card">(?:(?!</li>).)*Data Analyst(?:(?!</li>).)*</li>',
        html,
        re.S,
    )
    assert "Internships None listed" in text_of(analyst.group(0))


def test_pay_growth_is_drawn_from_the_live_roles_salary_tables(client, catalogue):
    pay = text_of(section(get_home(client), "pay"))
    # Entry midpoints 150k, 120k, 90k; senior 300k, 200k, 140k (draft and private left out).
    assert (
        "Across 3 roles, typical base pay rises 67% from entry level ($120,000) to senior "
        "($200,000)." in pay
    )
    assert "Entry-Level $120,000 Senior $200,000" in pay


def test_with_no_roles_the_role_sections_are_hidden(client, careers_index):
    html = get_home(client)
    assert section(html, "families") == section(html, "featured") == section(html, "pay") == ""
    assert 'action="/search/"' in html
    assert '<a href="/careers/">Browse all roles</a>' in html


def test_every_word_on_the_home_page_is_the_editors(client, home, catalogue):
    wording = {
        "search_label": "Find your next role",
        "search_placeholder": "Try Kubernetes",
        "search_button": "Go",
        "browse_text": "Every role A–Z",
        "families_heading": "Families of roles",
        "role_count_one": "a single role",
        "role_count_many": "{count} open roles",
        "featured_heading": "Picked for you",
        "card_pay_label": "Salary",
        "card_internships_label": "Intern programme",
        "card_internships_yes": "Yes",
        "card_internships_no": "No",
        "pay_growth_heading": "Pay over a career",
        "pay_growth_text": "Seniors earn {growth} more ({senior} vs {entry}) in {roles}.",
        "pay_growth_note": "Medians of midpoints.",
    }
    for name, value in wording.items():
        setattr(home, name, value)
    home.full_clean()
    home.save_revision().publish()
    text = text_of(get_home(Client()))
    for expected in [
        "Find your next role",
        "Go",
        "Every role A–Z",
        "Families of roles Data 2 open roles Machine learning a single role",
        "Picked for you",
        "Salary $120,000–$350,000 Intern programme Yes",
        "Intern programme No",
        "Pay over a career Seniors earn 67% more ($200,000 vs $120,000) in 3 open roles.",
        "Medians of midpoints.",
    ]:
        assert expected in text, expected
    assert 'placeholder="Try Kubernetes"' in get_home(Client())


def test_placeholders_nothing_fills_are_refused(home):
    home.pay_growth_text = "Pay rises {grwoth}."
    home.role_count_many = "{n} roles"
    with pytest.raises(ValidationError) as excinfo:
        home.full_clean()
    assert excinfo.value.message_dict["pay_growth_text"] == [
        "Nothing fills {grwoth}; this text can use {roles}, {growth}, {entry}, {senior}."
    ]
    assert excinfo.value.message_dict["role_count_many"] == [
        "Nothing fills {n}; this text can use {count}."
    ]


def test_the_featured_roles_and_wording_are_in_the_api(client, home, catalogue):
    HomeFeaturedRole.objects.create(page=home, role=catalogue["ml"], sort_order=0)
    data = client.get(f"/api/v2/pages/{home.pk}/").json()
    assert data["search_label"] == "Search roles"
    assert data["featured_count"] == 3
    assert [item["role"]["id"] for item in data["featured_roles"]] == [catalogue["ml"].pk]


def test_the_editor_chooses_featured_roles_in_the_admin(admin_client, home, catalogue):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "featured_roles-TOTAL_FORMS" in html
    assert "How pay grows" in html and "Search and browse" in html


# --- cost and caching -------------------------------------------------------------------------


def add_roles(parent, count, start=0):
    data = family("data")
    for n in range(start, start + count):
        name = f"Role {n:03d}"
        RolePageFactory(parent=parent, role_name=name, family=data, body=role_body(name))


def measured(client, bound, django_assert_max_num_queries) -> int:
    client.get("/")  # fills per-process caches (content types, site root paths)
    with django_assert_max_num_queries(bound) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_home_page_costs_the_same_for_40_roles_as_for_4(
    client, home, careers_index, django_assert_max_num_queries
):
    add_roles(careers_index, 4)
    HomeFeaturedRole.objects.create(
        page=home, role=RolePage.objects.get(role_name="Role 001"), sort_order=0
    )
    few = measured(client, HOME_BOUND, django_assert_max_num_queries)
    add_roles(careers_index, 36, start=4)
    many = measured(client, few, django_assert_max_num_queries)
    assert many == few
    html = get_home(client)
    assert 'Data</span> <span class="home-family-count">40 roles' in html
    assert card_names(html)[0] == "Role 001"


@pytest.fixture
def cached_home(settings, home):
    """The page cache on, for the home page too (by default it caches /careers/ only)."""
    settings.PAGECACHE_ENABLED = True
    settings.PAGECACHE_PAGE_PREFIXES = ["/"]
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


def warm(client) -> str:
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_a_cached_home_page_follows_publishing_and_unpublishing(cached_home, make_role):
    make_role("Data Engineer", family=family("data"))
    role = make_role("Quantum Cartographer", family=family("machine-learning"), publish=False)
    assert "Quantum Cartographer" not in warm(cached_home)
    role.save_revision().publish()
    html = cached_home.get("/").content.decode()
    assert "Quantum Cartographer" in card_names(html)
    assert "Machine learning" in section(html, "families")
    assert "Quantum Cartographer" in card_names(warm(cached_home))
    RolePage.objects.get(pk=role.pk).unpublish()
    html = cached_home.get("/").content.decode()
    assert "Quantum Cartographer" not in html
    assert "Machine learning" not in section(html, "families")


def test_a_cached_home_page_follows_the_editors_choice(cached_home, home, make_role):
    make_role("Data Engineer")
    chosen = make_role("Applied ML Engineer")
    make_role("Site Reliability Engineer")
    home.featured_count = 1
    home.save_revision().publish()
    assert card_names(warm(cached_home)) == ["Site Reliability Engineer"]
    home = HomePage.objects.get(pk=home.pk)
    home.featured_roles = [HomeFeaturedRole(role=chosen)]
    home.save_revision().publish()
    assert card_names(cached_home.get("/").content.decode()) == ["Applied ML Engineer"]


# --- the demo site ----------------------------------------------------------------------------


def test_the_demo_home_features_demo_roles_and_shows_every_section(db, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "careers.management.commands.setup_site.ADMIN_PASSWORD_FILE", tmp_path / "pw.txt"
    )
    call_command("setup_site", demo=str(DEMO), no_admin=True, stdout=StringIO())
    home = HomePage.objects.get()
    chosen = [link.role.role_name for link in home.featured_roles.all()]
    assert len(chosen) == 3
    html = get_home(Client())
    assert card_names(html) == chosen
    assert len(re.findall(r'class="home-family-count"', section(html, "families"))) == 5
    assert "typical base pay rises" in section(html, "pay")
    # Run again: an editor's choice (here: none) is never overwritten.
    home.featured_roles = []
    home.save_revision().publish()
    call_command("setup_site", demo=str(DEMO), no_admin=True, stdout=StringIO())
    assert HomeFeaturedRole.objects.count() == 0


def test_the_home_page_reads_no_role_bodies(client, home, careers_index):
    """How pay grows comes from the stored salary levels: 10,000 roles' bodies are never read."""
    add_roles(careers_index, 3)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = get_home(client)
    assert "How pay grows" in html
    role_reads = [q["sql"] for q in queries.captured_queries if "careers_rolepage" in q["sql"]]
    assert role_reads and not [sql for sql in role_reads if '"body"' in sql]


def test_salary_levels_follow_the_published_salary_table(make_role):
    rows = [
        salary_row("Entry-Level", years=(0, 2), base=(90000, 120000)),
        salary_row("Senior", years=(5, 8), base=(150000, 200000)),
    ]
    body = with_section(sample_body("QA Engineer"), "salary_table", **salary_table(rows))
    page = make_role("QA Engineer", body=body)
    page.refresh_from_db()
    assert page.salary_levels["currency"] == "USD"
    assert [
        (row["level"], row["base_min"], row["base_max"]) for row in page.salary_levels["rows"]
    ] == [
        ("Entry-Level", 90000, 120000),
        ("Senior", 150000, 200000),
    ]
