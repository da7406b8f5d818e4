"""The salary chart: geometry from the typed table, accessible SVG beside the table."""

from bs4 import BeautifulSoup

from careers import chart
from careers.blocks import SalaryTableBlock


def table(rows, currency="USD"):
    return SalaryTableBlock().to_python({"heading": "", "currency": currency, "rows": rows})


SEED_ROWS = [
    {"level": "Intern", "intern_monthly_min": 8000, "intern_monthly_max": 13000},
    {
        "level": "Entry-Level",
        "years_min": 0,
        "years_max": 2,
        "base_min": 125000,
        "base_max": 180000,
    },
    {"level": "Mid-Level", "years_min": 3, "years_max": 5, "base_min": 180000, "base_max": 252000},
    {"level": "Senior", "years_min": 5, "years_max": 8, "base_min": 252000, "base_max": 351000},
]


def test_nice_steps_are_round_numbers():
    assert chart.nice_step(226000) == 100000
    assert chart.nice_step(30000) == 10000
    assert chart.nice_step(9) == 5
    assert chart.nice_step(0) == 1


def test_bars_sit_on_a_shared_axis_in_the_order_of_the_table():
    result = chart.salary_chart(table(SEED_ROWS))
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
    assert chart.salary_chart(table([SEED_ROWS[0]])) is None
    assert chart.salary_chart(None) is None


def test_single_figure_levels_still_show_a_mark():
    result = chart.salary_chart(table([{"level": "Entry", "base_min": 50000, "base_max": 50000}]))
    assert result.bars[0].width > 0
    assert result.ticks[0].x == 0 and result.ticks[-1].x == 100


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
