"""Every block schema the OpenAPI document publishes validates what the API returns for it."""

import copy

import jsonschema
import pytest

from careers.blocks import RoleStreamBlock
from careers.testing.blocks import salary_row, salary_table
from careers.testing.factories import sample_body

RICH_TEXT_FORMATS = [None, "html", "db_html", "markdown", "db_markdown"]


@pytest.fixture
def pages(make_role):
    """A page with every block kind (linking to another) and one whose optional values are blank."""
    target = make_role("Data Scientist")
    full = make_role("Applied ML Engineer", body=sample_body("Applied ML Engineer", (target.id,)))
    blanks = make_role(
        "Quiet Engineer",
        body=[
            ("overview", {"heading": "What you will do", "body": "<p>Ship.</p>"}),
            (
                "salary_table",
                salary_table(
                    [salary_row("Staff", base=(200000, None)), salary_row("Intern", uplift=(5, 5))],
                    as_of_year=None,
                    source_note="",
                ),
            ),
            ("apply", {"heading": "", "text": "Write to us.", "button_label": "Apply"}),
            ("text", {"heading": "Elsewhere", "body": "<p>Anywhere.</p>"}),
        ],
    )
    return [full, blanks]


def _openapi_schemas(client) -> dict:
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()["components"]["schemas"]


def _item_validators(schemas: dict) -> dict[str, jsonschema.Draft202012Validator]:
    """One validator per block type, for the item schema the union maps that type to."""
    mapping = schemas["RoleStreamBlockItem"]["discriminator"]["mapping"]
    validators = {}
    for block_type, ref in mapping.items():
        schema = {"$ref": ref, "components": {"schemas": schemas}}
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[block_type] = jsonschema.Draft202012Validator(schema)
    return validators


def _bodies(client, pages, version: str, rich_text_format: str | None) -> list[list[dict]]:
    query = f"&rich_text_format={rich_text_format}" if rich_text_format else ""
    bodies = []
    for page in pages:
        if version == "v3":
            url = f"/api/v3/pages/{page.id}/?{query}"
        else:
            url = f"/api/v2/pages/{page.id}/?fields=*{query}"
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.json()["body"])
    return bodies


def test_every_block_kind_has_a_documented_item_schema(client):
    mapping = _openapi_schemas(client)["RoleStreamBlockItem"]["discriminator"]["mapping"]
    assert set(mapping) == set(RoleStreamBlock.base_blocks)


@pytest.mark.parametrize("rich_text_format", RICH_TEXT_FORMATS)
@pytest.mark.parametrize("version", ["v3", "v2"])
def test_each_body_item_validates_against_its_block_schema(
    client, pages, version, rich_text_format
):
    validators = _item_validators(_openapi_schemas(client))
    seen = set()
    for body in _bodies(client, pages, version, rich_text_format):
        for index, item in enumerate(body):
            errors = [
                f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                for error in validators[item["type"]].iter_errors(item)
            ]
            assert not errors, (item["type"], index, errors)
            seen.add(item["type"])
    # Every documented block schema was held against a real response.
    assert seen == set(validators)


def test_the_block_schemas_reject_a_value_of_the_wrong_shape(client, pages):
    validators = _item_validators(_openapi_schemas(client))
    body = _bodies(client, pages[:1], "v3", None)[0]
    table = next(item for item in body if item["type"] == "salary_table")
    assert validators["salary_table"].is_valid(table)
    wrong = copy.deepcopy(table)
    wrong["value"]["rows"][0]["base_min"] = "a lot"
    assert not validators["salary_table"].is_valid(wrong)
    missing = copy.deepcopy(table)
    del missing["value"]["currency"]
    assert not validators["salary_table"].is_valid(missing)
    assert not validators["overview"].is_valid(table)  # the type names the schema
