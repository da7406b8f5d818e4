"""/careers/compare/: levels aligned by meaning, intern pay, ladders, skills, chart, notes."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from careers.chart import nice_step
from careers.find.compare import AXIS_INTERVALS, AXIS_MULTIPLES, build
from careers.models import RolePage
from tests.support.find import role_body

DATA_ROWS = [
    {"level": "Intern", "intern_monthly_min": 6500, "intern_monthly_max": 10000},
    {
        "level": "Entry-Level",
        "years_min": 0,
        "years_max": 2,
        "base_min": 105000,
        "base_max": 140000,
    },
    {"level": "Senior", "years_min": 5, "years_max": 8, "base_min": 170000, "base_max": 230000},
]
SRE_ROWS = [
    {"level": "SRE I", "base_min": 115000, "base_max": 155000},
    {"level": "SRE II", "base_min": 150000, "base_max": 200000},
    {"level": "Senior SRE", "base_min": 190000, "base_max": 260000},
]


@pytest.fixture
def roles(make_role):
    return {
        "data": make_role(
            "Data Engineer",
            body=role_body(
                "Data Engineer",
                rows=DATA_ROWS,
                skills=["SQL", "Python", "Apache Spark"],
                steps=["Data Engineering Intern", "Data Engineer I", "Senior Data Engineer"],
            ),
        ),
        "sre": make_role(
            "Site Reliability Engineer",
            body=role_body(
                "Site Reliability Engineer",
                rows=SRE_ROWS,
                skills=["python ", "Kubernetes", "Linux internals"],
                steps=["SRE I", "SRE II", "Senior SRE"],
            ),
        ),
        "eu": make_role(
            "Platform Engineer",
            body=role_body("Platform Engineer", currency="EUR", skills=["SQL", "Go"]),
        ),
    }


def chooser_links(html: str) -> dict[str, str]:
    """Link text → href inside the chooser (remove links read with their hidden role name)."""
    chooser = html.split('class="compare-chooser"', 1)[1].split("</section>", 1)[0]
    return {
        " ".join(re.sub(r"<[^>]+>", "", text).split()): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a[^>]* href="([^"]+)"[^>]*>(.*?)</a>', chooser, re.S)
    }


def table_rows(html: str) -> dict[str, list[str]]:
    """Row header → cell texts of the comparison table."""
    table = html.split('<table class="salary-table compare-table">', 1)[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if header:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            rows[header.group(1)] = [re.sub(r"<[^>]+>", " ", c).split() for c in cells]
    return {key: [" ".join(words) for words in value] for key, value in rows.items()}


def test_levels_are_aligned_by_meaning_not_label(client, roles):
    response = client.get("/careers/compare/?roles=data-engineer,site-reliability-engineer")
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows["Entry level"] == [
        "$105,000–$140,000 Entry-Level (0–2 yrs)",
        "$115,000–$155,000 SRE I",
    ]
    assert rows["Mid level"] == ["No such level", "$150,000–$200,000 SRE II"]
    assert rows["Senior"] == [
        "$170,000–$230,000 Senior (5–8 yrs)",
        "$190,000–$260,000 Senior SRE",
    ]
    assert list(rows)[:3] == ["Entry level", "Mid level", "Senior"]
    assert rows["Intern pay"] == ["$6,500–$10,000/mo", "No internships listed"]


def test_ladders_and_skills_in_common_and_unique(client, roles):
    html = client.get("/careers/compare/?roles=data-engineer,site-reliability-engineer").content
    rows = table_rows(html.decode())
    assert rows["Career ladder"] == [
        "Data Engineering Intern Data Engineer I Senior Data Engineer",
        "SRE I SRE II Senior SRE",
    ]
    assert rows["Skills in common"] == ["Python"]  # "python " on the other page is the same skill
    assert rows["Skills only this role lists"] == ["SQL Apache Spark", "Kubernetes Linux internals"]


def test_three_roles_show_skills_shared_by_two(client, roles):
    html = client.get(
        "/careers/compare/?roles=data-engineer,site-reliability-engineer,platform-engineer"
    ).content.decode()
    rows = table_rows(html)
    assert rows["Skills in common"] == ["None listed by every role"]
    assert rows["Shared with one other role"] == ["SQL Python", "python", "SQL"]


def test_chart_is_drawn_from_the_same_figures(client, roles):
    html = client.get("/careers/compare/?roles=data-engineer,site-reliability-engineer").content
    svg = re.search(r"<svg.*?</svg>", html.decode(), re.S).group(0)
    tree = ElementTree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    titles = [t.text for t in tree.findall(".//s:g[@class='chart-bars']/s:g/s:title", ns)]
    assert titles == [
        "Data Engineer, Entry-Level (0–2 yrs): $105,000–$140,000",
        "Site Reliability Engineer, SRE I: $115,000–$155,000",
        "Site Reliability Engineer, SRE II: $150,000–$200,000",
        "Data Engineer, Senior (5–8 yrs): $170,000–$230,000",
        "Site Reliability Engineer, Senior SRE: $190,000–$260,000",
    ]
    rects = tree.findall(".//s:rect", ns)
    # Bars are drawn to scale in % of the chart's width: the $190k–$260k bar is twice as wide
    # as the $105k–$140k one, and $105,000 on a $0–$300,000 axis starts 35% of the way along.
    widths = [float(r.get("width").removesuffix("%")) for r in rects]
    assert widths[4] == pytest.approx(widths[0] * 2, rel=0.02)
    assert rects[0].get("x") == "35.0%"
    ticks = [t.text for t in tree.findall(".//s:g[@class='chart-axis']/s:text", ns)]
    assert ticks[0] == "$0" and ticks[-1] == "$300,000"
    assert tree.get("role") == "img"
    # It scales with the page: no fixed pixel width, no viewBox to shrink its text.
    assert tree.get("width") == "100%" and tree.get("viewBox") is None
    assert "chart-scroll" not in html.decode()
    # Data Engineer has no "Mid level": its slot in that group says so instead of a bar.
    gaps = [t.text for t in tree.findall(".//s:text[@class='chart-gap']", ns)]
    assert gaps == ["No such level"]


def test_chart_geometry_fits_its_width_and_keeps_figures_inside(client, roles):
    comparison = build(["data-engineer", "site-reliability-engineer"], RolePage.objects.live())
    chart = comparison.chart
    assert all(bar.x >= 0 and bar.x + bar.width <= 100 for bar in chart.bars)
    # A figure starts at its bar on the left half and ends at it on the right half, so a
    # figure of under half the chart's width never runs out of it.
    for bar in chart.bars:
        if bar.x <= 50:
            assert (bar.value_anchor, bar.value_x) == ("start", bar.x)
        else:
            assert (bar.value_anchor, bar.value_x) == ("end", round(bar.x + bar.width, 2))
    # Rows stack downwards: each level's label, then one slot per role in the legend's order.
    assert [group.text for group in chart.groups] == ["Entry level", "Mid level", "Senior"]
    tops = [bar.y for bar in chart.bars]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert [bar.series for bar in chart.bars] == [0, 1, 1, 0, 1]
    assert chart.axis_y > max(tops) and chart.height > chart.axis_y
    assert [(t.label, t.x, t.anchor) for t in chart.ticks] == [
        ("$0", 0.0, "start"),
        ("$100,000", 33.33, "middle"),
        ("$200,000", 66.67, "middle"),
        ("$300,000", 100.0, "end"),
    ]


def test_different_currencies_get_no_chart_but_a_note(client, roles):
    html = client.get("/careers/compare/?roles=data-engineer,platform-engineer").content.decode()
    assert "<svg" not in html
    assert "paid in different currencies (EUR, USD)" in html
    assert "€" in html or "EUR" in html


def test_bad_and_unknown_slugs_are_noted_not_errors(client, roles):
    response = client.get(
        "/careers/compare/?roles=data-engineer,nope,data-engineer,<b>,site-reliability-engineer,platform-engineer"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no published role &quot;nope&quot;; it was left out." in html
    assert "&quot;data-engineer&quot; was asked for twice; it is shown once." in html
    assert "&quot;&lt;b&gt;&quot; is not a role address; it was left out." in html
    assert "Only 3 roles can be compared at once; &quot;platform-engineer&quot; was left out." in (
        html
    )
    assert "<b>" not in html.split("<main", 1)[1]


def test_drafts_cannot_be_compared(client, roles, make_role):
    make_role("Hidden Role", publish=False)
    html = client.get("/careers/compare/?roles=hidden-role").content.decode()
    assert "There is no published role &quot;hidden-role&quot;" in html
    assert "Hidden Role" not in html  # not even among the choices


def test_the_form_redirects_to_one_shareable_url(client, roles):
    response = client.get(
        "/careers/compare/?roles=data-engineer&roles=site-reliability-engineer&roles="
    )
    assert response.status_code == 302
    assert response["Location"] == "/careers/compare/?roles=data-engineer,site-reliability-engineer"
    html = client.get(response["Location"]).content.decode()
    assert "http://localhost/careers/compare/?roles=data-engineer,site-reliability-engineer" in html
    # The chooser shows the current choice, each role with a link that removes just it.
    assert chooser_links(html) == {
        "Data Engineer": "/careers/data-engineer/",
        "Remove Data Engineer": "/careers/compare/?roles=site-reliability-engineer",
        "Site Reliability Engineer": "/careers/site-reliability-engineer/",
        "Remove Site Reliability Engineer": "/careers/compare/?roles=data-engineer",
    }


def test_a_search_in_the_chooser_survives_the_redirect(client, roles):
    response = client.get(
        "/careers/compare/?roles=data-engineer&roles=platform-engineer&find=reliability"
    )
    assert response["Location"] == (
        "/careers/compare/?roles=data-engineer,platform-engineer&find=reliability"
    )


def test_searching_lists_matching_roles_that_add_to_the_comparison(client, roles, make_role):
    make_role("Reliability Draft", publish=False)
    html = client.get("/careers/compare/?roles=data-engineer&find=reliab").content.decode()
    links = chooser_links(html)
    # Chosen roles are not offered again; drafts are never offered.
    assert links["Add Site Reliability Engineer"] == (
        "/careers/compare/?roles=data-engineer,site-reliability-engineer"
    )
    assert [name for name in links if name.startswith("Add")] == ["Add Site Reliability Engineer"]
    assert 'name="roles" value="data-engineer"' in html  # a new search keeps the comparison
    assert '<label for="compare-find">Find role 2 by name</label>' in html
    assert 'value="reliab"' in html
    # Every word must match the name or the title, in any case.
    html = client.get("/careers/compare/?find=ENGINEER+platform").content.decode()
    assert [name for name in chooser_links(html) if name.startswith("Add")] == [
        "Add Platform Engineer"
    ]
    html = client.get("/careers/compare/?find=astronaut").content.decode()
    assert "No role’s name or title contains “astronaut”." in html


def test_a_full_comparison_offers_no_search(client, roles):
    html = client.get(
        "/careers/compare/?roles=data-engineer,site-reliability-engineer,platform-engineer"
        "&find=engineer"
    ).content.decode()
    assert 'type="search" id="compare-find"' not in html
    assert "Three roles is the most; remove one to add another." in html
    assert not [name for name in chooser_links(html) if name.startswith("Add")]


def test_every_role_page_links_to_the_comparison(client, roles):
    html = client.get(roles["data"].url).content.decode()
    assert 'href="/careers/compare/?roles=data-engineer"' in html


def test_empty_compare_page_invites_a_choice(client, roles):
    html = client.get("/careers/compare/").content.decode()
    assert "Find roles above" in html
    assert '<label for="compare-find">Find role 1 by name</label>' in html
    # No list of every role: the page names none until the visitor searches.
    assert "Site Reliability Engineer" not in html and "<select" not in html


@pytest.mark.parametrize(("maximum", "step"), [(260000, 100000), (95000, 20000), (7, 2)])
def test_nice_steps(maximum, step):
    # Compare's axis starts at 0: the one nice_step, with about five 1/2/2.5/5 × 10ⁿ intervals.
    assert nice_step(maximum, AXIS_INTERVALS, AXIS_MULTIPLES) == step


def test_build_is_typed_data(roles):
    comparison = build(["data-engineer"], RolePage.objects.live())
    (column,) = comparison.roles
    assert column.intern.low == 6500 and column.intern.high == 10000
    assert [row.key for row in comparison.levels] == ["entry", "senior"]


def _grow_to(make_role, count: int) -> None:
    for n in range(RolePage.objects.count(), count):
        make_role(f"Role {n:02d}", body=role_body(f"Role {n:02d}"))


def test_compare_costs_the_same_at_5_and_40_roles(client, make_role):
    urls = [
        "/careers/compare/",
        "/careers/compare/?roles=role-00,role-01,role-02",
        "/careers/compare/?roles=role-00&find=role",
    ]
    queries, sizes = {}, {}
    for count in (5, 15, 40):
        _grow_to(make_role, count)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries[count, url] = len(captured)
            sizes[count, url] = len(response.content)
    for url in urls:
        assert queries[5, url] == queries[15, url] == queries[40, url] <= 7, url
        # The page never lists every role: past ten matches its size stops growing.
        assert abs(sizes[40, url] - sizes[15, url]) < 100, url
        assert sizes[40, url] < 60_000, url
    assert sizes[40, urls[0]] == sizes[5, urls[0]]
    assert abs(sizes[40, urls[1]] - sizes[5, urls[1]]) < 100
    html = client.get(urls[2]).content.decode()
    adds = [name for name in chooser_links(html) if name.startswith("Add")]
    assert adds == [f"Add Role {n:02d}" for n in range(1, 11)]  # the first ten by name
    assert "More roles match; type more of the name to narrow the list." in html
    assert client.get(urls[1]).content.decode().count('<th scope="col">') == 3
