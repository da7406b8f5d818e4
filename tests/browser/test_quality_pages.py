"""Every public page type, loaded in real Chromium: valid HTML, accessible, fits any screen, lean."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from careers.facts.salary import format_money_range
from tests.browser.conftest import (
    DESKTOP,
    LAPTOP,
    PHONE,
    STRICT_TAGS,
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


def submit_empty(page):
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()


def shows(selector: str, count: int):
    """A check that the page shows `count` of `selector`: judging an empty page proves little."""

    def check(page) -> str | None:
        found = page.locator(selector).count()
        return None if found == count else f"{found} × {selector}, expected {count}"

    return check


def judged_pages(site):
    """(name, path, status, action once loaded, what it must show) for each page issue 17 names."""
    return [
        ("home", site.home.url, 200, None, shows("h1", 1)),
        ("careers-index", site.careers_index.url, 200, None, shows(".role-card", 3)),
        ("role-page", site.role.url, 200, None, shows("table.salary-table", 1)),
        ("search", "/search/?q=engineer", 200, None, shows(".search-hit", 3)),
        ("compare", site.compare_url, 200, None, shows(".compare-table thead th[scope=col] a", 3)),
        ("apply", site.apply_url, 200, None, shows("form.apply-form", 1)),
        ("apply-with-errors", site.apply_url, 200, submit_empty, shows(".error-summary", 1)),
        ("not-found", MISSING_PATH, 404, None, shows("h1", 1)),
    ]


# A script element runs unless its type names a data block; JSON-LD is the only one here.
EXECUTABLE_CODE = """() => {
    const data = new Set(["application/ld+json", "application/json"]);
    const found = [...document.scripts]
        .filter(s => !data.has(s.type.toLowerCase()))
        .map(s => `<script${s.src ? ` src="${s.src}"` : ""}${s.type ? ` type="${s.type}"` : ""}>`);
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith("on")) found.push(`${el.tagName.toLowerCase()}[${attr.name}]`);
        }
    }
    for (const a of document.querySelectorAll("[href^='javascript:' i], [action^='javascript:' i]")) {
        found.push(a.outerHTML.slice(0, 80));
    }
    return found;
}"""


def network_problems(page, url, status, own_host):
    """Third-party hosts, failed requests and console errors, less the expected 404 itself."""
    problems = []
    hosts = page.log.hosts() - {own_host}
    if hosts:
        problems.append(f"requests to other hosts {sorted(hosts)}")
    failed = list(page.log.failed)
    console = list(page.log.console_errors + page.log.page_errors)
    if status >= 400:
        # The 404 page is an answer, not a failure: drop its own response (and Chromium's
        # console line about it) once, and nothing else.
        own = f"{url} (HTTP {status})"
        if own in failed:
            failed.remove(own)
        for line in console:
            if f"status of {status}" in line:
                console.remove(line)
                break
    if failed:
        problems.append(f"failed requests {failed}")
    if console:
        problems.append(f"console errors {console}")
    return problems


# Dark mode is a second palette: its contrast is judged like the light one.
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_every_page_is_valid_accessible_script_free_and_first_party(
    live_site_with_peers, make_page, viewport, scheme, settings
):
    site = live_site_with_peers
    # The two empty submits must be answered with the form, not with "too many tries".
    settings.APPLICATION_RATE_LIMIT = "1000/h"
    width = f"{viewport['width']}px, {scheme}"
    own_host = urlsplit(site.base_url).netloc
    documents, failures = {}, []
    for name, path, status, action, expected in judged_pages(site):
        page = make_page(**viewport, color_scheme=scheme)
        url = site.url(path)
        response = page.goto(url)
        if action is not None:
            action(page)
        where = f"{name} ({path}) at {width}"
        problems = []
        if response.status != status:
            problems.append(f"HTTP {response.status}, expected {status}")
        if missing := expected(page):
            problems.append(f"shows {missing}")
        # Checked before axe is injected, so only the site's own scripts count.
        if code := page.evaluate(EXECUTABLE_CODE):
            problems.append(f"JavaScript on the page {code}")
        problems += network_problems(page, url, status, own_host)
        if violations := run_axe(page, tags=STRICT_TAGS, impacts=None):
            problems.append(f"axe-core\n{describe_violations(violations)}")
        if problems:
            failures += [f"{where}: {problem}" for problem in problems]
            save_screenshot(page, f"quality-{name}-{viewport['width']}-{scheme}")
        # The served HTML (an empty submit's answer is a POST: its DOM, serialized).
        documents[name] = response.text() if action is None else page.content()
    # The markup is the same in both palettes: the checker reads it once per width.
    if scheme == "light":
        for name, errors in validate_html(documents).items():
            if errors:
                failures.append(
                    f"{name} at {width}: Nu HTML Checker\n{describe_html_errors(errors)}"
                )
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


# Issue 17: a role page's HTML and every stylesheet it loads, uncompressed, in 60 KB together.
PAGE_BUDGET = 60 * 1024


def test_role_page_html_and_css_fit_in_60_kb_uncompressed(live_site, page):
    response = page.goto(live_site.url(live_site.role.url))
    page.wait_for_load_state("networkidle")
    html = len(response.body())
    linked = page.locator('link[rel~="stylesheet"]').evaluate_all("ls => ls.map(l => l.href)")
    fetched = [url for url in page.log.requests if urlsplit(url).path.endswith(".css")]
    sheets = {url: len(page.request.get(url).body()) for url in {*linked, *fetched}}
    assert sheets, "the role page loads no stylesheet"
    total = html + sum(sheets.values())
    sizes = ", ".join(f"{urlsplit(u).path} {n:,} B" for u, n in sorted(sheets.items()))
    assert total <= PAGE_BUDGET, (
        f"role page HTML + CSS is {total:,} bytes, over the {PAGE_BUDGET:,}-byte budget "
        f"(HTML {html:,} B; {sizes})"
    )


def test_social_card_was_drawn_on_publish_and_is_what_og_image_names(live_site, page, settings):
    page.goto(live_site.url(live_site.role.url))
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    name = urlsplit(og_image).path.removeprefix(settings.MEDIA_URL)
    stored = Path(settings.MEDIA_ROOT) / name
    # Drawn by the card task queued when the publish committed (run at once here).
    assert stored.is_file(), f"{og_image} was not drawn by the card task queued on publish"
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
