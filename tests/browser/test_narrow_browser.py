"""Issue #17 point 3 in Chromium: every public page works at 390 px, measured box by box.

At 390 × 800 the salary table is a stack of level cards with every column named, the charts
are as wide as their container with real-size text, every control is at least 24 × 24 px and
nothing (the page or any element in it) reaches past the viewport or scrolls sideways. At
1280 × 800 the salary table is a table again.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, save_screenshot
from tests.support.find import role_body

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
MISSING_PATH = "/careers/no-such-role/"
# Long names and three columns: the compare page's hardest case on a phone.
PEERS = (
    ("Machine Learning Infrastructure Engineer", 480000),
    ("Site Reliability Engineer", 260000),
)

# Every element's box within the viewport, and no element (nor the page) scrolling sideways.
# Deliberately hidden boxes are exempt: visually hidden text (clipped to nothing) and boxes
# parked wholly off-screen to the left (the skip link until focused, the form's honeypot).
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    const clipped = el => {
        for (let e = el; e; e = e.parentElement) {
            if (getComputedStyle(e).clip === "rect(0px, 0px, 0px, 0px)") return true;
        }
        return false;
    };
    if (document.documentElement.scrollWidth > width) {
        found.push(`page: ${document.documentElement.scrollWidth}px wide`);
    }
    for (const el of document.body.querySelectorAll("*")) {
        if (el.closest("script, style")) continue;
        const box = el.getBoundingClientRect();
        if ((box.width === 0 && box.height === 0) || box.right <= 0 || clipped(el)) continue;
        if (box.right > width + 0.5 || box.left < -0.5) {
            found.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)}px`);
        }
        const overflow = getComputedStyle(el).overflowX;
        if (overflow !== "visible" && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${name(el)} scrolls: ${el.scrollWidth}px in ${el.clientWidth}px`);
        }
    }
    return found;
}"""

# Every link, button and form control at least 24 × 24 px (WCAG 2.2 SC 2.5.8). Exempt, as the
# criterion allows: a link inline in running text (an `a` displayed inline inside a p, li or
# dd that has other text too). Hidden controls (skip link off-screen, hidden inputs) are not
# targets until shown.
SMALL_TARGETS = """() => {
    const found = [];
    const controls = document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary");
    for (const el of controls) {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right < 0 || style.visibility === "hidden") continue;
        const parent = el.parentElement;
        const inline = el.tagName === "A" && style.display === "inline"
            && parent.matches("p, li, dd")
            && parent.textContent.trim() !== el.textContent.trim();
        if (inline) continue;
        if (box.width < 24 || box.height < 24) {
            const label = (el.textContent || el.name || el.type || "").trim().slice(0, 40);
            found.push(`${el.tagName.toLowerCase()} "${label}": ${box.width.toFixed(1)} × ${box.height.toFixed(1)}`);
        }
    }
    return found;
}"""

# The salary table's cells, each with the column name it shows on a phone.
SALARY_CELLS = """table => {
    const headers = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    return [...table.querySelectorAll("tbody tr")].map(tr => {
        const card = tr.getBoundingClientRect();
        return [...tr.children].map((cell, index) => {
            const box = cell.getBoundingClientRect();
            const before = getComputedStyle(cell, "::before");
            return {
                header: headers[index],
                label: cell.dataset.label || null,
                shown: before.display !== "none" && before.content !== "none" && before.content !== "normal",
                before: before.content,
                visible: box.width > 0 && box.height > 0,
                inside: box.left >= card.left - 0.5 && box.right <= card.right + 0.5,
                top: Math.round(box.top),
                display: getComputedStyle(cell).display,
            };
        });
    });
}"""

# Each SVG text's rendered size: its font size times the scale the SVG draws it at.
CHART = """svg => {
    const box = svg.getBoundingClientRect();
    const container = svg.parentElement.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].filter(t => getComputedStyle(t).display !== "none");
    return {
        width: box.width,
        left: box.left,
        right: box.right,
        container: {left: container.left, right: container.right, width: container.width},
        viewBox: svg.getAttribute("viewBox"),
        widthAttr: svg.getAttribute("width"),
        sizes: texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a),
        clipped: texts.filter(t => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        }).map(t => t.textContent),
        count: texts.length,
    };
}"""


@pytest.fixture
def narrow_site(live_site, make_role):
    """`live_site` with two more USD roles, one with a very long name and a $480k top."""
    peers = [make_role(name, body=role_body(name, top=top)) for name, top in PEERS]
    live_site.compare_path = "/careers/compare/?roles=" + ",".join(
        role.slug for role in (live_site.role, *peers)
    )
    live_site.apply_path = f"{live_site.role.url}apply/"
    return live_site


def judged_paths(site) -> dict[str, str]:
    return {
        "home": site.home.url,
        "careers": site.careers_index.url,
        "role": site.role.url,
        "search": "/search/?q=engineer",
        "compare": site.compare_path,
        "apply": site.apply_path,
        "not-found": MISSING_PATH,
    }


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_no_page_and_no_component_scrolls_sideways_and_every_target_is_24px(
    narrow_site, make_page, viewport
):
    failures = []
    for name, path in judged_paths(narrow_site).items():
        page = make_page(**viewport)
        response = page.goto(narrow_site.url(path))
        assert response.status == (404 if name == "not-found" else 200), path
        assert page.locator("main").is_visible()
        failures += [f"{name}: {problem}" for problem in page.evaluate(OVERFLOWING)]
        failures += [f"{name}: small target {small}" for small in page.evaluate(SMALL_TARGETS)]
        save_screenshot(page, f"narrow-{name}-{viewport['width']}")
    assert failures == [], f"at {viewport['width']}px:\n" + "\n".join(failures)


def test_salary_table_is_level_cards_with_every_column_named_on_a_phone(narrow_site, make_page):
    page = make_page(**PHONE)
    page.goto(narrow_site.url(narrow_site.role.url))
    table = page.locator("table.salary-table").first
    assert table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"
    # The column headers are for screen readers only; each card names its own figures.
    assert table.locator("thead").bounding_box()["width"] <= 1
    cards = table.evaluate(SALARY_CELLS)
    rows = narrow_site.role.salary_table.formatted_rows
    assert len(cards) == len(rows) >= 3
    for card in cards:
        assert len(card) == 4
        level, *figures = card
        assert level["visible"] and level["label"] is None  # the level heads the card
        assert [cell["label"] for cell in figures] == [cell["header"] for cell in figures]
        assert [cell["header"] for cell in figures] == [
            "Base salary",
            "Total comp (with equity)",
            "Intern monthly",
        ]
        assert all(cell["visible"] and cell["inside"] and cell["shown"] for cell in figures)
        assert [cell["before"] for cell in figures] == [f'"{c["header"]}" / ""' for c in figures]
        # stacked: each figure below the one before, not side by side off-screen
        tops = [cell["top"] for cell in card]
        assert tops == sorted(tops) and len(set(tops)) == 4
    width = table.evaluate("t => t.getBoundingClientRect().right")
    assert width <= PHONE["width"]


def test_salary_table_keeps_table_semantics_on_a_phone(narrow_site, make_page):
    """Chromium's accessibility tree still has a table of headers and cells on the phone layout."""
    page = make_page(**PHONE)
    page.goto(narrow_site.url(narrow_site.role.url))
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    roles = [node.get("role", {}).get("value") for node in nodes if not node.get("ignored")]
    rows = len(narrow_site.role.salary_table.formatted_rows)
    assert roles.count("table") >= 1
    assert roles.count("columnheader") >= 4
    assert roles.count("rowheader") >= rows
    assert roles.count("cell") >= rows * 3


def test_salary_table_is_a_table_on_a_laptop(narrow_site, make_page):
    page = make_page(**LAPTOP)
    page.goto(narrow_site.url(narrow_site.role.url))
    table = page.locator("table.salary-table").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").is_visible()
    cards = table.evaluate(SALARY_CELLS)
    for card in cards:
        assert len({cell["top"] for cell in card}) == 1  # one row, side by side
        assert all(not cell["shown"] for cell in card)  # the column headers name them
        assert all(cell["display"] == "table-cell" for cell in card)
    header_box = table.locator("thead th").nth(3).bounding_box()
    assert header_box["x"] + header_box["width"] <= LAPTOP["width"]


def test_print_keeps_the_salary_table_a_table(narrow_site, make_page):
    page = make_page(**PHONE)
    page.goto(narrow_site.url(narrow_site.role.url))
    page.emulate_media(media="print")
    table = page.locator("table.salary-table").first
    assert table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == (
        "table-row"
    )
    assert table.locator("thead").is_visible()


@pytest.mark.parametrize(
    ("viewport", "smallest"), [(PHONE, 14), (LAPTOP, 16)], ids=["390px", "1280px"]
)
@pytest.mark.parametrize("which", ["role", "compare"])
def test_charts_fit_their_container_with_readable_text(
    narrow_site, make_page, viewport, smallest, which
):
    page = make_page(**viewport)
    path = narrow_site.role.url if which == "role" else narrow_site.compare_path
    page.goto(narrow_site.url(path))
    selector = "svg.salary-chart-svg" if which == "role" else "svg.compare-chart"
    svg = page.locator(selector).first
    assert svg.get_attribute("role") == "img"
    chart = svg.evaluate(CHART)
    assert chart["widthAttr"] == "100%" and chart["viewBox"] is None
    # as wide as its container, never wider, and never a scrolling box of its own
    assert chart["width"] == pytest.approx(chart["container"]["width"], abs=1)
    assert chart["right"] <= chart["container"]["right"] + 0.5 <= viewport["width"]
    assert svg.evaluate("s => getComputedStyle(s.parentElement).overflowX") == "visible"
    assert chart["count"] >= 4
    assert min(chart["sizes"]) >= smallest, chart["sizes"]
    assert chart["clipped"] == []


def test_compare_chart_grows_with_the_screen_and_names_every_bar(narrow_site, make_page):
    widths = {}
    for viewport in (PHONE, LAPTOP):
        page = make_page(**viewport)
        page.goto(narrow_site.url(narrow_site.compare_path))
        svg = page.locator("svg.compare-chart")
        widths[viewport["width"]] = svg.bounding_box()["width"]
        bars = svg.locator("rect")
        assert bars.count() >= 6  # three roles × entry and senior
        titles = svg.locator("g.chart-bars > g > title").all_text_contents()
        assert any(t.startswith("Machine Learning Infrastructure Engineer, Senior") for t in titles)
    assert widths[390] < 390 < widths[1280]


def test_compare_table_is_cards_named_by_role_on_a_phone(narrow_site, make_page):
    page = make_page(**PHONE)
    page.goto(narrow_site.url(narrow_site.compare_path))
    table = page.locator("table.compare-table")
    assert table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"
    entry = table.locator("tr", has=page.locator("th", has_text="Entry level"))
    labels = entry.locator("td").evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert labels == ["Applied ML Engineer", PEERS[0][0], PEERS[1][0]]
    # the role's name is shown above its figure (generated from data-label)
    shown = entry.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    # (with empty alternative text: the column header already names the cell to a screen reader)
    assert shown == [f'"{name}" / ""' for name in labels]
    # the role names heading the columns stay visible as links
    for name in labels:
        assert table.locator("thead").get_by_role("link", name=name).is_visible()
