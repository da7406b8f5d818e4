"""Finding roles in real Chromium with JavaScript off: filter, search, compare; valid, accessible."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    describe_html_errors,
    describe_violations,
    run_axe,
    save_screenshot,
    validate_html,
)
from tests.support.find import family, role_body

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(live_site, make_role):
    """The live site's Applied ML Engineer ($351,000 top, internships) and three more roles."""
    infrastructure = family("infrastructure")
    make_role(
        "Kubernetes Platform Engineer",
        family=infrastructure,
        body=role_body(
            "Kubernetes Platform Engineer",
            top=320000,
            skills=["Kubernetes operators", "Go", "Linux internals"],
        ),
    )
    make_role(
        "Research Scientist",
        body=role_body("Research Scientist", top=420000, intern=False),
    )
    make_role(
        "Data Engineer",
        body=role_body(
            "Data Engineer",
            top=240000,
            skills=["SQL", "Spark on Kubernetes", "Kubernetes job scheduling"],
            day="Kubernetes, Kubernetes and more Kubernetes.",
        ),
    )
    return live_site


@pytest.fixture
def nojs_page(browser):
    """A desktop page in a context with JavaScript disabled: everything must work without it."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    yield new_page
    context.close()


def result_names(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def test_visitor_filters_searches_and_compares_without_javascript(catalogue, nojs_page):
    site = catalogue
    page = nojs_page

    # 1. Every role paying at least $300,000 at the top that also offers internships.
    page.goto(site.url("/careers/"))
    page.get_by_label("Minimum top base salary").fill("300000")
    page.get_by_label("Only roles that offer internships").check()
    page.get_by_role("button", name="Show roles").click()
    page.wait_for_load_state()
    assert "min_salary=300000" in page.url and "internships=1" in page.url
    assert result_names(page, ".role-card h2") == [
        "Applied ML Engineer Jobs & Internships 2026",
        "Kubernetes Platform Engineer Jobs & Internships 2026",
    ]
    assert page.get_by_text("2 roles match these filters.").is_visible()
    save_screenshot(page, "find-filtered-index")

    # The family is one radio group in the same form: choosing one keeps the other filters.
    family_group = page.get_by_role("group", name="Role family")
    assert family_group.get_by_role("radio", name="All families").is_checked()
    family_group.get_by_role("radio", name="Infrastructure").check()
    page.get_by_role("button", name="Show roles").click()
    page.wait_for_load_state()
    assert result_names(page, ".role-card h2") == [
        "Kubernetes Platform Engineer Jobs & Internships 2026"
    ]
    assert "internships=1" in page.url and "family=infrastructure" in page.url
    chosen = page.get_by_role("group", name="Role family").get_by_role(
        "radio", name="Infrastructure"
    )
    assert chosen.is_checked()

    # 2. Search "Kubernetes" and land on the role named for it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words to search for").fill("Kubernetes")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    names = result_names(page, ".search-hit h2")
    assert names[0] == "Kubernetes Platform Engineer Jobs & Internships 2026"
    assert "Data Engineer Jobs & Internships 2026" in names
    assert page.locator(".search-hit mark").first.inner_text() == "Kubernetes"
    save_screenshot(page, "find-search")
    page.get_by_role("link", name="Kubernetes Platform Engineer Jobs & Internships 2026").click()
    assert page.locator("h1").inner_text() == "Kubernetes Platform Engineer Jobs & Internships 2026"

    # 3. Compare two roles level by level, from the role page's link.
    page.get_by_role("link", name="Compare Kubernetes Platform Engineer with other roles").click()
    # No list of every role: search for the second one by name, then add it.
    assert page.locator("select, .compare-chooser option").count() == 0
    page.get_by_label("Find role 2 by name").fill("applied")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state()
    matches = page.locator(".compare-matches a")
    assert matches.all_inner_texts() == ["Add Applied ML Engineer"]
    box = matches.first.bounding_box()
    assert box["height"] >= 24  # a tap target
    matches.first.click()
    page.wait_for_load_state()
    assert page.url.endswith(
        "/careers/compare/?roles=kubernetes-platform-engineer,applied-ml-engineer"
    )
    table = page.locator("table.compare-table")
    headers = result_names(page, "table.compare-table thead th a")
    assert headers == ["Kubernetes Platform Engineer", "Applied ML Engineer"]
    entry = table.locator("tr", has=page.locator("th", has_text="Entry level"))
    cells = [" ".join(text.split()) for text in entry.locator("td").all_inner_texts()]
    assert cells == [
        "$106,666–$160,000 Entry-Level (0–2 yrs)",
        "$125,000–$180,000 Entry-Level (0–2 yrs)",
    ]
    chart = page.locator("svg.compare-chart")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 5  # entry ×2, mid (seed only), senior ×2
    save_screenshot(page, "find-compare")
    # Each chosen role has a link that removes just it.
    page.get_by_role("link", name="Remove Kubernetes Platform Engineer").click()
    page.wait_for_load_state()
    assert page.url.endswith("/careers/compare/?roles=applied-ml-engineer")


def test_find_pages_are_valid_and_accessible(catalogue, make_page):
    site = catalogue
    paths = {
        "filtered": "/careers/?min_salary=300k&internships=1&family=bogus",
        "empty": "/careers/?q=astronaut",
        "search": "/search/?q=kubernetes",
        "search-empty": "/search/",
        "compare": "/careers/compare/?roles=applied-ml-engineer,data-engineer,nope",
        "compare-find": "/careers/compare/?roles=applied-ml-engineer&find=engineer",
        "compare-empty": "/careers/compare/?find=astronaut",
        "role": "/careers/kubernetes-platform-engineer/",
    }
    documents = {}
    for name, path in paths.items():
        for width in (1280, 360):
            page = make_page(width=width)
            page.goto(site.url(path))
            violations = run_axe(page)
            assert violations == [], f"{path} at {width}px:\n{describe_violations(violations)}"
            # Nothing overflows the phone viewport sideways (wide tables scroll in their box).
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
            assert page.log.page_errors == [] and page.log.failed == []
        documents[name] = page.content()
        if width == 360:
            save_screenshot(page, f"find-{name}-phone")
    errors = validate_html(documents)
    problems = {name: describe_html_errors(found) for name, found in errors.items() if found}
    assert problems == {}
