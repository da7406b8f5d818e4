"""One salary figure limit (careers.facts.FIGURE_MAX), the same on every path that takes a figure."""

import json

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import APIToken

import pytest

from careers.api.schema import READ, WRITE, standalone_schema
from careers.blocks import SalaryRowBlock
from careers.facts.salary import FIGURE_MAX, FIGURE_TOO_LARGE
from tests.support.importing import GOOD, run, run_failing, write

LIMIT = "Salary table figures can be at most 2,000,000,000."


def test_the_limit_fits_large_nominal_salaries_and_a_32_bit_column():
    # 100,000,000 KRW is an ordinary annual salary; the denormalised columns are 32-bit.
    assert 100_000_000 * 10 <= FIGURE_MAX < 2**31
    assert FIGURE_TOO_LARGE == LIMIT


def clean_row(**figures):
    block = SalaryRowBlock()
    return block.clean(block.to_python({"level": "Senior", **figures}))


@pytest.mark.parametrize("name", ["base_min", "base_max", "intern_monthly_max", "uplift_max"])
def test_block_refuses_a_figure_above_the_limit_on_that_field(name):
    with pytest.raises(StructBlockValidationError) as exc:
        clean_row(**{name: FIGURE_MAX + 1})
    assert {key: error.messages for key, error in exc.value.block_errors.items()} == {name: [LIMIT]}


def test_block_accepts_a_figure_at_the_limit():
    assert clean_row(base_min=FIGURE_MAX, base_max=FIGURE_MAX)["base_max"] == FIGURE_MAX


def test_importer_refuses_a_figure_above_the_limit_with_file_and_line(careers_index, tmp_path):
    path = write(tmp_path, "big.txt", GOOD.replace("$100,000–$130,000", "$100,000–$2,000,000,001"))
    _out, err, _message = run_failing(path)
    assert err.splitlines() == [
        f'{path}:11: "$2,000,000,001" in the "Base Salary" column is too large. {LIMIT}'
    ]


def test_importer_accepts_a_figure_at_the_limit(careers_index, tmp_path):
    path = write(tmp_path, "top.txt", GOOD.replace("$100,000–$130,000", "$100,000–$2,000,000,000"))
    out, _err = run(path)
    assert "1 created" in out


@pytest.fixture
def token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("salary", "s@example.com", "pw")
    return APIToken.create_token(user=user, name="salary")[1]


def test_api_write_refuses_a_figure_above_the_limit_at_its_path(client, role_page, token):
    payload = client.get(f"/api/v3/pages/{role_page.id}/").json()
    index = next(i for i, b in enumerate(payload["body"]) if b["type"] == "salary_table")
    payload["body"][index]["value"]["rows"][0]["base_max"] = FIGURE_MAX + 1
    response = client.patch(
        f"/api/v3/pages/{role_page.id}/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422, response.content
    assert f"body/{index}/value/rows/0/base_max: {LIMIT}" in response.json()["detail"]


def test_openapi_schema_documents_the_same_limit_for_every_figure():
    for direction, row_schema in (
        (READ, "SalaryRowBlockValue"),
        (WRITE, "SalaryRowBlockValueInput"),
    ):
        row = standalone_schema(direction)["$defs"][row_schema]["properties"]
        for name in ("base_min", "base_max", "uplift_min", "intern_monthly_max", "years_min"):
            assert (row[name]["minimum"], row[name]["maximum"]) == (0, FIGURE_MAX), name


def test_listing_ignores_a_minimum_salary_above_the_limit_with_a_note(client, role_page):
    html = client.get("/careers/", {"min_salary": str(FIGURE_MAX + 1)}).content.decode()
    assert f"Ignored the minimum salary &quot;{FIGURE_MAX + 1}&quot;: {LIMIT}" in html
    # A large nominal figure (e.g. KRW) under the limit is a filter, not a typo.
    html = client.get("/careers/", {"min_salary": "150000000"}).content.decode()
    assert "Ignored the minimum salary" not in html


@pytest.mark.parametrize("name", ["min_base_max", "max_base_min"])
def test_api_filters_take_figures_up_to_the_limit_and_refuse_above(client, role_page, name):
    v3 = "/api/v3/pages/"
    v2 = "/api/v2/pages/?type=careers.RolePage"
    assert client.get(v3, {name: FIGURE_MAX}).status_code == 200
    assert client.get(f"{v2}&{name}={FIGURE_MAX}").status_code == 200
    above = client.get(v3, {name: FIGURE_MAX + 1})
    assert above.status_code == 400
    assert above.json()["detail"].startswith(f"{name}: ")
    assert client.get(f"{v2}&{name}={FIGURE_MAX + 1}").status_code == 400


# --- the inverted-range rule: one sentence, one label set (careers.facts.range_problem) --------


def test_block_words_an_inverted_range_with_its_label():
    with pytest.raises(StructBlockValidationError) as exc:
        clean_row(intern_monthly_min=9000, intern_monthly_max=6000)
    assert exc.value.block_errors["intern_monthly_min"].messages == [
        "The intern pay per month minimum (9,000) is above its maximum (6,000)."
    ]


def test_importer_words_an_inverted_range_the_same_way(careers_index, tmp_path):
    path = write(tmp_path, "inverted.txt", GOOD.replace("$100,000–$130,000", "$130,000–$100,000"))
    _out, err, _message = run_failing(path)
    assert err.splitlines() == [
        f"{path}:11: The base salary minimum (130,000) is above its maximum (100,000)."
    ]
