"""The typed schema: generated from the block definitions, served in OpenAPI, true to responses."""

import copy

from django.contrib.staticfiles import finders
from django.test import Client

from wagtail import blocks

import jsonschema
import pytest
from bs4 import BeautifulSoup

from careers.api.schema import READ, WRITE, BlockSchemaBuilder, standalone_schema
from careers.blocks import RoleStreamBlock
from careers.testing.factories import sample_body

CHILDREN = list(RoleStreamBlock().child_blocks)


@pytest.fixture(scope="module")
def openapi():
    response = Client().get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_types_every_block_for_reading_and_writing(openapi):
    schemas = openapi["components"]["schemas"]
    for union in ("RoleStreamBlockItem", "RoleStreamBlockItemInput"):
        mapping = schemas[union]["discriminator"]["mapping"]
        assert list(mapping) == CHILDREN
        for name, ref in mapping.items():
            item = schemas[ref.rsplit("/", 1)[1]]
            assert item["properties"]["type"]["const"] == name
            assert "$ref" in item["properties"]["value"]
    row = schemas["SalaryRowBlockValue"]["properties"]
    assert row["base_min"] == {
        "type": ["integer", "null"],
        "minimum": 0,
        "maximum": 2_000_000_000,
        "description": "Per year, whole units of the table's currency.",
    }
    assert schemas["SkillsBlockValue"]["properties"]["items"]["items"]["type"] == "string"
    assert schemas["OverviewBlockValue"]["properties"]["body"]["contentMediaType"] == "text/html"
    assert schemas["RolePage"]["properties"]["body"]["items"] == {
        "$ref": "#/components/schemas/RoleStreamBlockItem"
    }
    # Every reference resolves inside the document.
    for ref in set(_refs(openapi)):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    # Operations point at the typed documents.
    create = openapi["paths"]["/api/v3/pages/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RolePageCreateInput"
    )
    update = openapi["paths"]["/api/v3/pages/{page_id}/"]["patch"]
    assert update["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RolePageInput"
    )
    listing = openapi["paths"]["/api/v3/pages/"]["get"]["responses"]["200"]
    assert listing["content"]["application/json"]["schema"]["$ref"].endswith("/RolePageList")


def test_schema_follows_the_block_definitions():
    class Extra(blocks.StructBlock):
        quote = blocks.CharBlock(max_length=50)
        stars = blocks.IntegerBlock(min_value=1, max_value=5)

    class Stream(blocks.StreamBlock):
        testimonial = Extra()

    builder = BlockSchemaBuilder(READ, "#/$defs/")
    assert builder.schema_for(Stream()) == {
        "type": "array",
        "items": {"$ref": "#/$defs/StreamItem"},
    }
    value = builder.defs["ExtraValue"]
    assert value["properties"]["quote"] == {"type": "string", "maxLength": 50}
    assert value["properties"]["stars"] == {"type": "integer", "minimum": 1, "maximum": 5}
    assert value["required"] == ["quote", "stars"]


def _validator(direction, root):
    schema = standalone_schema(direction, root)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_real_responses_validate_against_the_generated_schema(client, make_role):
    target = make_role("Data Scientist")
    body = sample_body("Applied ML Engineer", (target.id,))
    page = make_role("Applied ML Engineer", body=body)
    make_role("Quiet Role", body=[("text", {"heading": "Hello", "body": "<p>Hi.</p>"})])

    detail = client.get(f"/api/v3/pages/{page.id}/").json()
    listing = client.get("/api/v3/pages/").json()
    _validator(READ, "RolePage").validate(detail)
    _validator(READ, "RolePageList").validate(listing)
    assert {block["type"] for block in detail["body"]} == set(CHILDREN)

    # v2 returns the same body.
    v2 = client.get(f"/api/v2/pages/{page.id}/").json()
    assert v2["body"] == detail["body"]

    # What a read returns is a valid write, per the write schema too.
    _validator(WRITE, "RolePageInput").validate(detail)
    _validator(WRITE, "RolePageCreateInput").validate(detail)
    with pytest.raises(jsonschema.ValidationError):
        _validator(WRITE, "RolePageCreateInput").validate({"title": "No role"})

    # The schema is not a rubber stamp: a figure as text, or an unknown block, fails it.
    broken = copy.deepcopy(detail)
    broken["body"][4]["value"]["rows"][1]["base_min"] = "$125,000"
    with pytest.raises(jsonschema.ValidationError):
        _validator(READ, "RolePage").validate(broken)
    broken = copy.deepcopy(detail)
    broken["body"][0]["type"] = "video"
    with pytest.raises(jsonschema.ValidationError):
        _validator(READ, "RolePage").validate(broken)


def test_docs_are_served_without_any_cdn(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assets = [tag.get("src") for tag in soup.find_all("script") if tag.get("src")]
    assets += [tag.get("href") for tag in soup.find_all("link") if tag.get("href")]
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn" not in response.content.decode().lower()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "http" not in policy
