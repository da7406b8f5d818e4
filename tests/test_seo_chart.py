"""The salary chart: geometry from the typed table, accessible SVG beside the table."""

from bs4 import BeautifulSoup

from careers import chart
from careers.blocks import SalaryTableBlock
from careers.testing.blocks import salary_row, seed_salary_rows


def table(rows, currency="USD"):
    return SalaryTableBlock().to_python({"heading": "", "currency": currency, "rows": rows})


def test_nice_steps_are_round_numbers():
    assert chart.nice_step(226000) == 100000
    assert chart.nice_step(30000) == 10000
    assert chart.nice_step(9) == 5
    assert chart.nice_step(0) == 1


def test_bars_sit_on_a_shared_axis_in_the_order_of_the_table():
    result = chart.salary_chart(table(seed_salary_rows()))
    assert [b.level for b in result.bars] == [
        "Entry-Level (0–2 yrs)",
        "Mid-Level (3–5 yrs)",
        "Senior (5–8 yrs)",
    ]
    assert [t.label for t in result.ticks] == ["$100,000", "$200,000", "$300,000", "$400,000"]
    assert [t.anchor for t in result.ticks] == ["start", "middle", "middle", "end"]
    entry, mid, senior = result.bars
    # $125,000 on a $100,000–$400,000 axis is a twelfth of the way along
    assert entry.x == round(25000 / 300000 * 100, 2)
    assert entry.x + entry.width == mid.x  # one ends where the next begins, as in the table
    assert round(senior.x + senior.width, 2) == round(251000 / 300000 * 100, 2)
    assert all(b.x >= 0 and b.x + b.width <= 100 for b in result.bars)
    assert entry.range_text == "$125,000–$180,000"
    assert result.description.startswith("Entry-Level (0–2 yrs): $125,000–$180,000;")
    assert "Intern pay is monthly" in result.description


def test_open_ended_levels_run_to_the_end_of_the_axis():
    result = chart.salary_chart(
        table(
            [
                {"level": "Senior", "base_min": 200000, "base_max": 300000},
                {"level": "Staff", "base_min": 300000},
            ]
        )
    )
    staff = result.bars[1]
    assert staff.open_ended
    assert staff.range_text == "$300,000+"
    assert round(staff.x + staff.width, 2) == 100.0
    assert staff.width > 0


def test_a_table_without_base_salaries_has_no_chart():
    assert chart.salary_chart(table([salary_row("Intern", intern_monthly=(8000, 13000))])) is None
    assert chart.salary_chart(None) is None


def test_single_figure_levels_still_show_a_mark():
    result = chart.salary_chart(table([{"level": "Entry", "base_min": 50000, "base_max": 50000}]))
    assert result.bars[0].width > 0
    assert result.ticks[0].x == 0 and result.ticks[-1].x == 100


def test_a_span_of_one_unit_still_draws_an_axis():
    # nice_step once rounded a span of 1 down to a step of 0, and the chart divided by it.
    result = chart.salary_chart(table([{"level": "Entry", "base_min": 50000, "base_max": 50001}]))
    assert [tick.label for tick in result.ticks] == ["$50,000", "$50,001"]


def test_the_chart_is_derived_on_the_table_value_and_labels_bars_as_the_table_does():
    value = table(seed_salary_rows())
    assert value.chart == chart.salary_chart(value)
    assert [(bar.level, bar.range_text) for bar in value.chart.bars] == [
        (row.level, row.base) for row in value.formatted_rows if row.row.has_base
    ]


def test_the_role_page_shows_the_chart_after_the_table_with_an_accessible_name(client, role_page):
    soup = BeautifulSoup(client.get(role_page.url).content, "html.parser")
    section = soup.find("section", class_="block-salary")
    table_el = section.find("table")
    svg = section.find("svg")
    assert table_el is not None and svg is not None
    assert table_el.find_next("svg") is svg
    assert svg["role"] == "img"
    title = soup.find(id=svg["aria-labelledby"])
    assert title.get_text() == "Base salary by level (USD per year)"
    assert "Senior (5–8 yrs): $252,000–$351,000" in soup.find(id=svg["aria-describedby"]).get_text()
    assert not svg.find_all(style=True) and not section.find_all("script")


def test_axis_ticks_are_shared_by_both_charts_and_keep_their_end_labels_inside():
    ticks = chart.axis_ticks(0, 300000, 100000, "EUR")
    assert [(t.label, t.x, t.anchor) for t in ticks] == [
        ("€0", 0.0, "start"),
        ("€100,000", 33.33, "middle"),
        ("€200,000", 66.67, "middle"),
        ("€300,000", 100.0, "end"),
    ]


def test_the_role_chart_has_no_fixed_width_or_viewbox(client, role_page):
    soup = BeautifulSoup(client.get(role_page.url).content, "html.parser")
    svg = soup.find("svg", class_="salary-chart-svg")
    # A viewBox would scale its 16 px text down with the phone's width.
    assert svg["width"] == "100%" and not svg.has_attr("viewBox")
    assert all(str(bar["x"]).endswith("%") for bar in svg.find_all("rect"))
