"""Every public page type, loaded in real Chromium: valid HTML, accessible, fits any screen, lean."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from careers.facts.salary import format_money_range
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    describe_html_errors,
    describe_violations,
    run_axe,
    save_screenshot,
    validate_html,
)

pytestmark = pytest.mark.browser

MISSING_PATH = "/careers/no-such-role/"


def public_pages(site):
    """(name, path, expected status) for home, careers index, role page and 404."""
    return [
        ("home", site.home.url, 200),
        ("careers-index", site.careers_index.url, 200),
        ("role-page", site.role.url, 200),
        ("not-found", MISSING_PATH, 404),
    ]


def test_public_pages_are_valid_html_with_no_serious_axe_violations(live_site, page):
    documents, failures = {}, []
    for name, path, status in public_pages(live_site):
        response = page.goto(live_site.url(path))
        assert response.status == status, f"{name}: HTTP {response.status}"
        documents[name] = response.text()
        violations = run_axe(page)
        if violations:
            failures.append(f"axe on {name} ({path}):\n{describe_violations(violations)}")
        save_screenshot(page, f"{name}-{DESKTOP['width']}")
    for name, errors in validate_html(documents).items():
        if errors:
            failures.append(f"Nu HTML Checker on {name}:\n{describe_html_errors(errors)}")
    assert not failures, "\n\n".join(failures)


TEXT_SIZES = """() => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!node.textContent.trim() || !el) continue;
        const rects = el.getClientRects();
        const style = getComputedStyle(el);
        if (!rects.length || style.visibility === "hidden" || style.display === "none") continue;
        // off-screen until focused (the skip link) is not visible text
        const box = el.getBoundingClientRect();
        if (box.right < 0 || box.bottom < 0) continue;
        const size = parseFloat(style.fontSize);
        if (size < 16) small.push(`${el.tagName.toLowerCase()} "${node.textContent.trim().slice(0, 40)}": ${size}px`);
    }
    return small;
}"""

OVERFLOW = """() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    body: document.body.scrollWidth - document.documentElement.clientWidth,
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_pages_fit_the_screen_with_readable_text(live_site, make_page, viewport):
    page = make_page(**viewport)
    for name, path, _status in public_pages(live_site):
        page.goto(live_site.url(path))
        overflow = page.evaluate(OVERFLOW)
        assert overflow["page"] <= 0 and overflow["body"] <= 0, (
            f"{name} scrolls sideways at {viewport['width']}px: {overflow}"
        )
        assert page.evaluate(TEXT_SIZES) == [], f"text under 16px on {name}"
        save_screenshot(page, f"{name}-{viewport['width']}")


def test_salary_table_scrolls_inside_its_container_on_a_phone(live_site, make_page):
    page = make_page(**PHONE)
    page.goto(live_site.url(live_site.role.url))
    box = page.locator(".table-scroll").first
    sizes = box.evaluate(
        "e => ({scroll: e.scrollWidth, client: e.clientWidth, overflow: getComputedStyle(e).overflowX,"
        " table: e.querySelector('table').getBoundingClientRect().width})"
    )
    assert sizes["overflow"] == "auto"
    assert sizes["scroll"] > sizes["client"], "the table should be wider than a phone and scroll"
    assert sizes["client"] <= PHONE["width"]
    # keyboard users can reach the scrolling region, and it has a name
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-labelledby")
    box.evaluate("e => e.scrollLeft = e.scrollWidth")
    assert box.evaluate("e => e.scrollLeft") > 0
    assert page.evaluate(OVERFLOW)["page"] <= 0


def test_role_page_json_ld_carries_the_typed_salary_figures(live_site, page):
    page.goto(live_site.url(live_site.role.url))
    blocks = [
        json.loads(text)
        for text in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    by_type = {block["@type"]: block for block in blocks}
    assert set(by_type) == {"Occupation", "FAQPage", "BreadcrumbList"}

    occupation = by_type["Occupation"]
    table = live_site.role.salary_table
    expected = []
    for row in table["rows"]:
        if row.has_base:
            expected.append(("P1Y", row.get("base_min"), row.get("base_max")))
        if row.has_intern_pay:
            expected.append(("P1M", row.get("intern_monthly_min"), row.get("intern_monthly_max")))
    salaries = occupation["estimatedSalary"]
    assert [(s["duration"], s.get("minValue"), s.get("maxValue")) for s in salaries] == expected
    assert {s["currency"] for s in salaries} == {table.currency}
    assert all("MonetaryAmountDistribution" in s["@type"] for s in salaries)

    # …and the same numbers are what the visible table says.
    cells = page.locator(".salary-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent.trim()))"
    )
    shown = {cell for row in cells for cell in row}
    for salary in salaries:
        suffix = "/mo" if salary["duration"] == "P1M" else ""
        assert (
            format_money_range(
                salary.get("minValue"), salary.get("maxValue"), salary["currency"], suffix
            )
            in shown
        )

    questions = [q["name"] for q in by_type["FAQPage"]["mainEntity"]]
    assert questions == page.locator(".faq-item h3").all_text_contents()
    crumbs = [item["name"] for item in by_type["BreadcrumbList"]["itemListElement"]]
    assert crumbs == page.locator(".breadcrumb li").all_text_contents()


def test_role_page_shows_an_accessible_salary_chart_beside_the_table(live_site, page):
    page.goto(live_site.url(live_site.role.url))
    chart = page.locator(".block-salary svg[role=img]")
    assert chart.count() == 1
    name = chart.evaluate(
        "svg => svg.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert name.startswith("Base salary by level")
    levels = page.locator(".block-salary svg .chart-level").all_text_contents()
    assert levels == ["Entry-Level (0–2 yrs)", "Mid-Level (3–5 yrs)", "Senior (5–8 yrs)"]
    # the bars really are drawn with a width, in order of pay
    boxes = [
        b
        for b in page.locator(".block-salary svg .chart-bar").evaluate_all(
            "bars => bars.map(b => b.getBoundingClientRect()).map(r => [r.x, r.width])"
        )
    ]
    assert all(width > 10 for _x, width in boxes)
    assert [x for x, _w in boxes] == sorted(x for x, _w in boxes)
    assert page.locator(".block-salary table.salary-table").count() == 1


def test_role_page_is_lean_and_first_party_only(live_site, page):
    response = page.goto(live_site.url(live_site.role.url))
    page.wait_for_load_state("networkidle")
    html = response.body()
    assert len(html) <= 60 * 1024, f"role page HTML is {len(html)} bytes"

    css_bytes = sum(
        len(page.request.get(href).body())
        for href in page.locator('link[rel="stylesheet"]').evaluate_all(
            "links => links.map(l => l.href)"
        )
    )
    assert 0 < css_bytes <= 20 * 1024, f"CSS is {css_bytes} bytes"

    scripts = page.locator("script").evaluate_all(
        "s => s.map(e => ({type: e.type, src: e.src, inHead: !!e.closest('head')}))"
    )
    executable = [s for s in scripts if s["type"] != "application/ld+json"]
    assert executable == [], f"scripts on the role page: {executable}"

    own_host = urlsplit(live_site.base_url).netloc
    assert page.log.hosts() == {own_host}, page.log.requests
    assert page.log.failed == [] and page.log.console_errors == []


def test_social_card_was_drawn_on_publish_and_is_what_og_image_names(live_site, page, settings):
    page.goto(live_site.url(live_site.role.url))
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    name = urlsplit(og_image).path.removeprefix(settings.MEDIA_URL)
    stored = Path(settings.MEDIA_ROOT) / name
    assert stored.is_file(), f"{og_image} was not generated at publish time"
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
