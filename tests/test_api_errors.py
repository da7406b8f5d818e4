"""Bad and malformed write payloads get 4xx answers naming the path of each bad value."""

import copy
import json

from wagtail.models import APIToken

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers.models import RolePage


@pytest.fixture
def token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    return APIToken.create_token(user=user, name="pipeline")[1]


@pytest.fixture
def read_payload(client, role_page):
    return client.get(f"/api/v3/pages/{role_page.id}/").json()


def patch(client, page_id, payload, token):
    return client.patch(
        f"/api/v3/pages/{page_id}/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def create(client, payload, token):
    return client.post(
        "/api/v3/pages/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def errors_of(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    return [f"{e['path']}: {e['msg']}" for e in data["errors"]], data["detail"]


def mutated(payload, change):
    payload = copy.deepcopy(payload)
    change(payload)
    return payload


def test_the_issue_example_names_the_value_path(client, token, read_payload, role_page):
    payload = mutated(
        read_payload, lambda p: p["body"][4]["value"]["rows"].__getitem__(1).update(base_min="180k")
    )
    assert payload["body"][4]["type"] == "salary_table"
    response = patch(client, role_page.id, payload, token)
    assert response.status_code == 422
    lines, detail = errors_of(response)
    assert lines == ["body/4/value/rows/1/base_min: Enter a whole number."]
    assert detail == "body/4/value/rows/1/base_min: Enter a whole number."


CASES = [
    # (description, change to a read payload, expected error lines)
    (
        "block without value",
        lambda p: p["body"][0].pop("value"),
        ["body/0/value: This field is required."],
    ),
    (
        "struct given as a string",
        lambda p: p["body"][0].update(value="just text"),
        ["body/0/value: Expected an object, not a string."],
    ),
    (
        "unknown block type",
        lambda p: p["body"][2].update(type="video"),
        [
            "body/2/type: Unknown block type 'video'; expected one of: overview, skills, "
            "day_in_the_life, career_path, salary_table, apply, faq, text."
        ],
    ),
    (
        "list given as a string",
        lambda p: p["body"][1]["value"].update(items="Python, SQL"),
        ["body/1/value/items: Expected a list, not a string."],
    ),
    (
        "row given as a list",
        lambda p: p["body"][4]["value"]["rows"].__setitem__(0, [1, 2]),
        ["body/4/value/rows/0: Expected an object, not a list."],
    ),
    (
        "figure as a float and a boolean",
        lambda p: p["body"][4]["value"]["rows"][2].update(base_max=1.5, uplift_min=True),
        [
            "body/4/value/rows/2/base_max: Enter a whole number.",
            "body/4/value/rows/2/uplift_min: Enter a whole number.",
        ],
    ),
    (
        "heading as a number",
        lambda p: p["body"][0]["value"].update(heading=7),
        ["body/0/value/heading: Expected a string, not a number."],
    ),
    (
        "rich text as an object",
        lambda p: p["body"][0]["value"].update(body={"html": "<p>x</p>"}),
        ["body/0/value/body: Expected an HTML string, not an object."],
    ),
    (
        "unknown struct field",
        lambda p: p["body"][4]["value"]["rows"][1].update(bonus=5),
        [
            "body/4/value/rows/1/bonus: Unknown field; expected one of: level, kind, years_min, "
            "years_max, base_min, base_max, uplift_min, uplift_max, uplift_note, "
            "intern_monthly_min, intern_monthly_max."
        ],
    ),
    ("body not a list", lambda p: p.update(body={"type": "overview"}), None),
    ("block not an object", lambda p: p["body"].__setitem__(3, "career_path"), None),
    (
        "block id a number",
        lambda p: p["body"][3].update(id=3),
        ["body/3/id: Expected a string, not a number."],
    ),
    (
        "minimum above maximum",
        lambda p: p["body"][4]["value"]["rows"][1].update(base_min=500000),
        [
            "body/4/value/rows/1/base_min: The base salary minimum (500,000) is above its maximum (180,000)."
        ],
    ),
    (
        "negative figure",
        lambda p: p["body"][4]["value"]["rows"][3].update(uplift_min=-5),
        ["body/4/value/rows/3/uplift_min: Ensure this value is greater than or equal to 0."],
    ),
    (
        "bad currency",
        lambda p: p["body"][4]["value"].update(currency="DOLLARS"),
        None,
    ),
    (
        "empty skills list",
        lambda p: p["body"][1]["value"].update(items=[]),
        None,
    ),
    (
        "blank skill",
        lambda p: p["body"][1]["value"]["items"].__setitem__(2, ""),
        ["body/1/value/items/2: This field is required."],
    ),
    (
        "second salary table",
        lambda p: p["body"].append(copy.deepcopy(p["body"][4])),
        None,
    ),
    (
        "figure above the salary limit",
        lambda p: p["body"][4]["value"]["rows"][1].update(base_max=10**12),
        ["body/4/value/rows/1/base_max: Salary table figures can be at most 2,000,000,000."],
    ),
    (
        "null character in a skill",
        lambda p: p["body"][1]["value"]["items"].__setitem__(0, "SQL\x00"),
        ["body/1/value/items/0: Contains a NUL character (U+0000), which is not allowed."],
    ),
    (
        "null character in the intro",
        lambda p: p.update(intro="a\x00b"),
        ["intro: Contains a NUL character (U+0000), which is not allowed."],
    ),
    ("year as a string", lambda p: p.update(year="2026"), ["year: Enter a whole number."]),
    ("year out of range", lambda p: p.update(year=1999), None),
    ("unknown top-level field", lambda p: p.update(salary="lots"), ["salary: Unknown field."]),
    ("meta as a list", lambda p: p.update(meta=[]), ["meta: Expected an object, not a list."]),
    ("blank role name", lambda p: p.update(role_name=""), None),
    ("title too long", lambda p: p.update(title="x" * 300), None),
]


@pytest.mark.parametrize("description,change,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_payloads_get_path_precise_errors(
    client, token, read_payload, role_page, description, change, expected
):
    before = RolePage.objects.get(pk=role_page.id).revisions.count()
    response = patch(client, role_page.id, mutated(read_payload, change), token)
    lines, detail = errors_of(response)
    if expected is not None:
        assert lines == expected
    else:
        assert lines and all(": " in line for line in lines)
    for line in lines:
        assert line in detail
    # Nothing half-written.
    assert RolePage.objects.get(pk=role_page.id).revisions.count() == before


def test_expected_paths_for_rules_without_fixed_wording(client, token, read_payload, role_page):
    def paths(change):
        response = patch(client, role_page.id, mutated(read_payload, change), token)
        return [line.split(": ")[0] for line in errors_of(response)[0]]

    assert paths(lambda p: p["body"][4]["value"].update(currency="DOLLARS")) == [
        "body/4/value/currency"
    ]
    assert paths(lambda p: p["body"][1]["value"].update(items=[])) == ["body/1/value/items"]
    assert paths(lambda p: p.update(year=1999)) == ["year"]
    assert paths(lambda p: p.update(role_name="")) == ["role_name"]
    assert paths(lambda p: p.update(title="x" * 300)) == ["title"]
    assert paths(lambda p: p["body"].append(copy.deepcopy(p["body"][4]))) == ["body"]


def test_invalid_json_and_non_object_bodies(client, token, role_page):
    for raw in ("{not json", "[1, 2]", '"text"', ""):
        response = client.patch(
            f"/api/v3/pages/{role_page.id}/",
            raw,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code in (400, 422), (raw, response.status_code)
        assert response.json()["detail"]


def test_failed_create_leaves_nothing_behind(client, token, read_payload):
    count = RolePage.objects.count()
    payload = mutated(read_payload, lambda p: p["meta"].update(slug="new-role"))
    payload["body"][4]["value"]["rows"][1]["base_max"] = "lots"
    response = create(client, payload, token)
    assert errors_of(response)[0] == ["body/4/value/rows/1/base_max: Enter a whole number."]
    # A slug clash is caught before anything is inserted.
    response = create(client, read_payload, token)
    lines, _ = errors_of(response)
    assert lines[0].startswith("slug: ")
    orphan = mutated(read_payload, lambda p: p["meta"].update(slug="orphan", parent_id=10**30))
    assert errors_of(create(client, orphan, token))[0] == [
        f"meta/parent_id: There is no page with id {10**30}."
    ]
    missing = create(client, {"title": "Only a title"}, token)
    assert errors_of(missing)[0] == [
        "role_name: This field is required.",
        "year: This field is required.",
        "intro: This field is required.",
        "body: This field is required.",
    ]
    assert RolePage.objects.count() == count


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_malformed_json_anywhere_in_the_body_never_500s(
    client, token, read_payload, role_page, data
):
    payload = copy.deepcopy(read_payload)
    paths = [path for path in _paths(payload["body"]) if path]
    path = data.draw(st.sampled_from(paths))
    replacement = data.draw(json_values)
    target = payload["body"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = replacement
    response = patch(client, role_page.id, payload, token)
    assert response.status_code < 500, (path, replacement, response.content[:300])
    if response.status_code >= 400:
        assert response.json()["detail"]
