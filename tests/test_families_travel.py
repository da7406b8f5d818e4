"""Role families travel: the text format's family line, import, export, and both APIs."""

import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import APIToken

import jsonschema
import pytest

from careers.api.schema import READ, WRITE, standalone_schema
from careers.management.commands import push_roles
from careers.models import RolePage
from careers.pipeline.document import MAX_FAMILY
from careers.pipeline.export import page_to_payload, page_to_text
from careers.pipeline.load import site_apply_defaults
from careers.pipeline.parse import parse_document
from careers.taxonomy import RoleFamily
from tests.support.api import auth, new_role
from tests.support.find import family
from tests.support.importing import DEMO, GOOD, run, run_failing, write

SEEDED_SLUGS = [
    "data",
    "design-research",
    "infrastructure",
    "machine-learning",
    "software-engineering",
]


def with_family(line: str, text: str = GOOD) -> str:
    title, rest = text.split("\n", 1)
    return f"{title}\n{line}\n{rest}"


# --- the text format -------------------------------------------------------------------


def test_the_family_line_after_the_title_is_read_and_is_not_intro():
    result = parse_document(with_family("Family: Data"), "de.txt")
    assert result.ok, result.errors
    doc = result.document
    assert (doc.family, doc.family_line) == ("Data", 2)
    assert doc.intro == "Data engineers build pipelines." and doc.intro_line == 3


@pytest.mark.parametrize("line", ["Role family: data", "family:   data", "FAMILY: data"])
def test_the_family_line_spellings(line):
    assert parse_document(with_family(line), "de.txt").document.family == "data"


def test_no_family_line_means_no_family():
    doc = parse_document(GOOD, "de.txt").document
    assert (doc.family, doc.family_line) == ("", 0)


def test_bad_family_lines_are_errors_with_their_line():
    twice = with_family("Family: Data\nFamily: Infrastructure")
    assert [str(p) for p in parse_document(twice, "de.txt").errors] == [
        "de.txt:3: a second family line (the first is at line 2)"
    ]
    empty = parse_document(with_family("Family:"), "de.txt")
    assert [p.line for p in empty.errors] == [2] and "family line is empty" in str(empty.errors[0])
    long = parse_document(with_family("Family: " + "x" * (MAX_FAMILY + 1)), "de.txt")
    assert [str(p) for p in long.errors] == [
        f"de.txt:2: the family is longer than {MAX_FAMILY} characters"
    ]


def test_a_family_line_inside_a_section_is_content():
    text = GOOD.replace("They move data.", "They move data.\nFamily: values matter.")
    doc = parse_document(text, "de.txt").document
    assert doc.family == ""
    assert "Family: values matter." in doc.sections[0].paragraphs


def test_the_family_limit_mirrors_the_model():
    assert RoleFamily._meta.get_field("name").max_length == MAX_FAMILY
    assert RoleFamily._meta.get_field("slug").max_length == MAX_FAMILY


# --- import and export -----------------------------------------------------------------


@pytest.mark.parametrize("line", ["Family: Data", "Family: data", "Role family: DATA"])
def test_import_sets_the_family_by_name_or_slug(careers_index, tmp_path, line):
    family("data")
    run(write(tmp_path, "de.txt", with_family(line)))
    page = RolePage.objects.get(slug="data-engineer").get_latest_revision_as_object()
    assert page.family.slug == "data"


def test_an_unknown_family_is_an_error_naming_file_line_and_the_known_slugs(
    careers_index, tmp_path
):
    for slug in SEEDED_SLUGS:
        family(slug)
    path = write(tmp_path, "de.txt", with_family("Family: Data & Analytics"))
    _, err, error = run_failing(path)
    assert (
        f'{path}:2: unknown role family "Data & Analytics"; the known families (slugs) are: '
        + ", ".join(SEEDED_SLUGS)
    ) in err
    assert "nothing was written" in error
    assert not RolePage.objects.exists()


def test_reimporting_without_the_line_clears_the_family(careers_index, tmp_path):
    family("data")
    path = write(tmp_path, "de.txt", with_family("Family: Data"))
    run(path, "--publish")
    write(tmp_path, "de.txt", GOOD)
    out, _ = run(path, "--publish")
    assert "1 updated" in out
    assert RolePage.objects.get(slug="data-engineer").family is None


def test_changing_only_the_family_is_an_update(careers_index, tmp_path):
    family("data")
    family("infrastructure")
    path = write(tmp_path, "de.txt", with_family("Family: Data"))
    run(path, "--publish")
    write(tmp_path, "de.txt", with_family("Family: Infrastructure"))
    out, _ = run(path, "--publish")
    assert "1 updated" in out
    assert RolePage.objects.get(slug="data-engineer").family.slug == "infrastructure"
    out, _ = run(path, "--publish")
    assert "1 unchanged" in out


def test_export_writes_the_family_line_and_the_json_slug(careers_index, tmp_path):
    family("design-research")
    run(DEMO / "ux-researcher.txt", "--publish")
    page = RolePage.objects.get(slug="ux-researcher")
    lines = page_to_text(page).splitlines()
    assert lines[:2] == ["UX Researcher Jobs & Internships 2026", "Family: Design & research"]
    assert page_to_payload(page)["family"] == "design-research"


def test_export_names_the_family_by_slug_when_its_name_is_another_familys_slug(careers_index):
    family("data")
    odd = RoleFamily.objects.create(name="data", slug="data-odd")
    page = RolePage(role_name="X", year=2026, title="X Jobs & Internships 2026", family=odd)
    assert page_to_text(page).splitlines()[1] == "Family: data-odd"


def test_json_import_reads_the_family_slug_and_refuses_an_unknown_one(careers_index, tmp_path):
    family("data")
    run(DEMO / "data-engineer.txt", "--publish")
    payload = page_to_payload(RolePage.objects.get(slug="data-engineer"))
    assert payload["family"] == "data"
    RolePage.objects.all().delete()
    run(write(tmp_path, "de.json", json.dumps(payload)), "--publish")
    assert RolePage.objects.get(slug="data-engineer").family.slug == "data"

    payload["family"] = "nope"
    path = write(tmp_path, "de.json", json.dumps(payload))
    _, err, _ = run_failing(path)
    assert f'{path}:1: unknown role family "nope"' in err


def test_the_demo_roles_fill_every_family_filter(client, careers_index):
    run(DEMO, "--publish")
    families = {page.slug: page.family for page in RolePage.objects.select_related("family")}
    assert None not in families.values(), families
    for family_row in RoleFamily.objects.all():
        html = client.get(f"/careers/?family={family_row.slug}").content.decode()
        roles = [slug for slug, found in families.items() if found == family_row]
        assert roles, f"no demo role in the family {family_row.slug!r}"
        for slug in roles:
            assert f"/careers/{slug}/" in html


# --- the APIs --------------------------------------------------------------------------


@pytest.fixture
def token(careers_index):
    user = get_user_model().objects.create_superuser("pipeline", "p@example.com", "pw")
    return APIToken.create_token(user=user, name="pipeline")[1]


def test_both_apis_read_the_family(client, make_role):
    data = family("data")
    page = make_role("Data Engineer", family=data)
    plain = make_role("Quiet Role")
    expected = {"slug": "data", "name": data.name}
    assert client.get(f"/api/v3/pages/{page.id}/").json()["family"] == expected
    assert client.get(f"/api/v3/pages/{plain.id}/").json()["family"] is None
    listing = client.get("/api/v3/pages/").json()["items"]
    assert {item["id"]: item["family"] for item in listing} == {page.id: expected, plain.id: None}
    assert client.get(f"/api/v2/pages/{page.id}/").json()["family"] == expected
    v2_listing = client.get("/api/v2/pages/?type=careers.RolePage&fields=family").json()
    assert {item["id"]: item["family"] for item in v2_listing["items"]} == {
        page.id: expected,
        plain.id: None,
    }


def test_listing_families_cost_one_query_however_many_pages(client, make_role):
    slugs = ["data", "infrastructure", "machine-learning"]
    for index in range(3):
        make_role(f"Role {index}", family=family(slugs[index]))

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/api/v3/pages/", "/api/v2/pages/?type=careers.RolePage&fields=family"]
    few = [count(url) for url in urls]
    for index in range(3, 9):
        make_role(f"Role {index}", family=family(slugs[index % 3]))
    assert [count(url) for url in urls] == few


def patch(client, page_id, payload, token):
    return client.patch(
        f"/api/v3/pages/{page_id}/", payload, content_type="application/json", **auth(token)
    )


def draft_family(page_id):
    return RolePage.objects.get(pk=page_id).get_latest_revision_as_object().family


def test_v3_writes_the_family_by_slug_and_null_clears_it(client, token, make_role):
    family("data")
    page = make_role("Data Engineer")
    response = patch(client, page.id, {"family": "data"}, token)
    assert response.status_code == 200, response.content
    assert response.json()["family"]["slug"] == "data"
    assert draft_family(page.id).slug == "data"
    # The object a read returns is a valid write too.
    assert patch(client, page.id, {"family": response.json()["family"]}, token).status_code == 200
    assert draft_family(page.id).slug == "data"
    response = patch(client, page.id, {"family": None}, token)
    assert response.status_code == 200 and response.json()["family"] is None
    assert draft_family(page.id) is None


def test_v3_creates_a_page_in_a_family(client, token):
    family("infrastructure")
    response = client.post(
        "/api/v3/pages/",
        new_role(family="infrastructure"),
        content_type="application/json",
        **auth(token),
    )
    assert response.status_code == 201, response.content
    assert response.json()["family"]["slug"] == "infrastructure"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nope", "Unknown role family 'nope'; expected one of: "),
        (7, 'Expected a role family slug (e.g. "data") or null, not a number.'),
        (["data"], 'Expected a role family slug (e.g. "data") or null, not a list.'),
    ],
)
def test_v3_refuses_a_family_it_does_not_know(client, token, make_role, value, message):
    for slug in SEEDED_SLUGS:
        family(slug)
    page = make_role("Data Engineer")
    response = patch(client, page.id, {"family": value}, token)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["path"] for error in errors] == ["family"]
    assert errors[0]["msg"].startswith(message)
    if value == "nope":
        assert errors[0]["msg"].endswith(", ".join(SEEDED_SLUGS) + ".")
    assert draft_family(page.id) is None


def test_the_schemas_describe_the_family(client, make_role):
    page = make_role("Data Engineer", family=family("data"))
    detail = client.get(f"/api/v3/pages/{page.id}/").json()
    read = jsonschema.Draft202012Validator(standalone_schema(READ, "RolePage"))
    write = jsonschema.Draft202012Validator(standalone_schema(WRITE, "RolePageInput"))
    read.validate(detail)
    for value in ("data", None, detail["family"]):
        write.validate({"family": value})
    with pytest.raises(jsonschema.ValidationError):
        read.validate({**detail, "family": "data"})
    with pytest.raises(jsonschema.ValidationError):
        write.validate({"family": 7})
    openapi = client.get("/api/v3/openapi.json").json()
    assert "family" in openapi["components"]["schemas"]["RolePage"]["required"]


def test_push_roles_sends_the_family_and_sees_a_family_change(careers_index):
    family("data")
    doc = parse_document(with_family("Family: Data"), "de.txt").document
    payload = push_roles.document_to_payload(doc, apply_defaults=site_apply_defaults())
    assert payload["family"] == "data"
    remote = {
        "title": payload["title"],
        "role_name": payload["role_name"],
        "year": payload["year"],
        "intro": payload["intro"],
        "meta": {"slug": payload["slug"], "search_description": ""},
        "body": payload["body"],
        "family": {"slug": "data", "name": "Data"},
    }
    assert push_roles.unchanged(remote, payload, publish=False)
    assert not push_roles.unchanged({**remote, "family": None}, payload, publish=False)
    assert push_roles.locate(doc, "family") == 2
