"""No input makes a public or API URL answer 5xx: the cases found by hand, on either database.

Each refusal names the parameter or JSON path (careers.params holds the rules); the HTML
listings drop what they cannot use with their usual note instead of answering 400.
"""

import json
from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import APIToken

import pytest

from careers import params
from careers.models import RolePage
from tests.support import applicants
from tests.support.applicants import form_data

applications_settings = applicants.applications_settings  # private media per test
DEEP = 100_000
INT64_OVERFLOW = "9223372036854775808"  # 2**63: one past the largest 64-bit integer


@pytest.fixture
def token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("writer", "w@example.com", "pw")
    return APIToken.create_token(user=user, name="writer")[1]


def problem(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def write(client, token, body, page_id=None):
    kwargs = {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Bearer {token}"}
    if page_id is None:
        return client.post("/api/v3/pages/", body, **kwargs)
    return client.patch(f"/api/v3/pages/{page_id}/", body, **kwargs)


# --- the rules themselves ------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["²", "①", "٣", "１２", "1_000", "0x10", "1e3", "", " "])
def test_integers_are_ascii_digits_only(raw):
    with pytest.raises(params.ParameterError, match=r"^page: Enter a whole number"):
        params.parse_int("page", raw)


@pytest.mark.parametrize("raw", [INT64_OVERFLOW, "-9223372036854775809", "9" * 5000])
def test_integers_stay_within_64_bits(raw):
    with pytest.raises(params.ParameterError, match=r"^offset: Must be -?9223372036854775\d+"):
        params.parse_int("offset", raw)
    assert params.parse_int("offset", " 9223372036854775807 ") == 2**63 - 1


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("a\x00b", "a NUL character (U+0000)"),
        ("\ud800", "a lone surrogate (U+D800)"),
        ("\x1b[2J", "a control character (U+001B)"),
    ],
)
def test_text_refuses_nul_surrogates_and_controls(raw, named):
    with pytest.raises(params.ParameterError) as caught:
        params.clean_text("search", raw)
    assert str(caught.value) == f"search: Contains {named}, which is not allowed."
    # Tabs and line breaks are ordinary whitespace in a search box.
    assert params.clean_text("search", "data\tengineer\r\n") == "data\tengineer\r\n"


def test_json_errors_name_the_path():
    with pytest.raises(params.ParameterError) as caught:
        params.load_json('{"body": [{"type": "faq", "value": {"q": "\\ud800"}}]}')
    assert caught.value.name == "body/0/value/q"
    with pytest.raises(params.ParameterError) as caught:
        params.load_json('{"body": [' + "[" * DEEP + "]" * DEEP + "]}")
    assert caught.value.name.startswith("body/0/0/0")
    assert caught.value.message == "too deeply nested: more than 64 levels."


# --- HTML listings: a note, never an error page ---------------------------------------------


@pytest.mark.parametrize("name", ["q", "min_salary", "internships", "family"])
def test_careers_index_ignores_nul_in_any_filter(client, role_page, name):
    response = client.get("/careers/", {name: "data\x00"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ignored {name}: Contains a NUL character (U+0000), which is not allowed." in html
    assert role_page.role_name in html  # the filter was dropped, not applied


@pytest.mark.parametrize("path", ["/careers/", "/search/"])
@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("%C2%B2", "Enter a whole number"),
        ("%E2%91%A0", "Enter a whole number"),
        (INT64_OVERFLOW, "Must be 10000000 or less"),
        ("99999999999999999999999", "Must be 10000000 or less"),
    ],
)
def test_listings_ignore_page_numbers_that_are_not_plain_numbers(
    client, role_page, path, raw, reason
):
    response = client.get(f"{path}?q=engineer&page={raw}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored page=" in html
    assert reason in html
    assert "Showing the first page." in html


def test_search_and_compare_ignore_nul(client, role_page):
    search = client.get("/search/", {"q": "engineer\x00"})
    assert search.status_code == 200
    assert "Ignored q: Contains a NUL character" in search.content.decode()
    compare = client.get("/careers/compare/", {"roles": f"{role_page.slug}\x00"})
    assert compare.status_code == 200
    assert "Ignored roles: Contains a NUL character" in compare.content.decode()


# --- the APIs: a 400 naming the parameter ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v2/pages/?search=%00", "search"),
        ("/api/v2/pages/?locale=%00", "locale"),
        ("/api/v2/pages/?site=%00", "site"),
        ("/api/v2/pages/?title=%00", "title"),
        ("/api/v2/pages/?type=careers.RolePage&role_name=x%00", "role_name"),
        ("/api/v2/pages/find/?html_path=/careers/%00/", "html_path"),
        ("/api/v3/pages/?slug=%00", "slug"),
        ("/api/v3/pages/?search=data%00", "search"),
        ("/api/preview/?content_type=%00&token=x", "content_type"),
    ],
)
def test_nul_in_any_api_parameter_is_a_400_naming_it(client, role_page, url, name):
    message = f"{name}: Contains a NUL character (U+0000), which is not allowed."
    response = client.get(url)
    if url.startswith("/api/v2/"):
        # In the shape of Wagtail's own v2 errors, so a v2 client reads every 400 alike.
        assert response.status_code == 400
        assert response.json() == {"message": message}
        return
    data = problem(response)
    assert data["detail"] == message
    assert data["errors"] == [{"loc": ["query", name], "msg": data["detail"].split(": ", 1)[1]}]


def test_nul_in_a_parameter_name_is_refused(client, role_page):
    data = problem(client.get("/api/v3/pages/?se%00arch=x"))
    assert data["detail"].startswith("se\\u0000arch: The parameter name: Contains a NUL")
    v2 = client.get("/api/v2/pages/?se%00arch=x")
    assert v2.status_code == 400
    assert v2.json()["message"].startswith("se\\u0000arch: The parameter name: Contains a NUL")


def test_api_integers_use_the_shared_rule(client, role_page):
    # Wagtail's v2 endpoint answers its own errors as {"message": ...}.
    assert client.get("/api/v2/pages/?offset=%C2%B2").json() == {
        "message": "offset: Enter a whole number (got '²')."
    }
    assert client.get(f"/api/v2/pages/?offset={INT64_OVERFLOW}").json() == {
        "message": f"offset: Must be 1000000000 or less (got {INT64_OVERFLOW})."
    }
    data = problem(client.get("/api/v3/pages/?offset=%C2%B2"))
    assert data["detail"].startswith("offset: ")


# --- JSON bodies of v3 writes ---------------------------------------------------------------


def test_deeply_nested_json_is_a_400_naming_the_path(client, token, role_page):
    body = '{"body": ' + "[" * DEEP + "]" * DEEP + "}"
    data = problem(write(client, token, body, role_page.pk))
    assert data["errors"][0]["path"].startswith("body/0/0/0")
    assert data["errors"][0]["msg"] == "Too deeply nested: more than 64 levels."
    data = problem(write(client, token, "[" * DEEP + "]" * DEEP))
    assert "Too deeply nested" in data["detail"]


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ('{"role_name": "\\ud800"}', "role_name"),
        (
            '{"intro": "fine", "meta": {"search_description": "x\\udfff"}}',
            "meta/search_description",
        ),
        (
            '{"body": [{"type": "overview", "value": {"heading": "\\u0000"}}]}',
            "body/0/value/heading",
        ),
    ],
)
def test_lone_surrogates_and_nul_in_json_strings_are_refused(
    client, token, role_page, payload, path
):
    data = problem(write(client, token, payload, role_page.pk))
    assert data["errors"][0]["path"] == path
    assert data["errors"][0]["msg"].startswith("Contains a ")
    assert RolePage.objects.get(pk=role_page.pk).revisions.count() == 1  # nothing written


@pytest.mark.parametrize("action", [["publish"], {}, 1, True])
def test_meta_action_of_the_wrong_type_is_refused(client, token, role_page, action):
    response = write(client, token, json.dumps({"meta": {"action": action}}), role_page.pk)
    assert 400 <= response.status_code < 500
    errors = {error["path"]: error["msg"] for error in response.json()["errors"]}
    assert errors == {"meta/action": 'Expected "publish", "draft" or null.'}
    top_level = write(client, token, json.dumps({"action": action}), role_page.pk)
    assert [error["path"] for error in top_level.json()["errors"]] == ["action"]


def test_over_large_api_bodies_get_a_problem_body(client, token, role_page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"intro": "x" * 2000})
    data = problem(write(client, token, body, role_page.pk), status=413)
    assert data["detail"] == "The request body is larger than the limit of 1000 bytes."
    form = client.post("/api/applications/", {"role": role_page.slug, "message": "x" * 2000})
    assert problem(form, status=413)["detail"].startswith("The request body is larger")


# --- the importer ---------------------------------------------------------------------------


def test_import_of_deeply_nested_json_reports_the_file(careers_index, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"role_name": "X", "body": ' + "[" * DEEP + "]" * DEEP + "}")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roles", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:1: too deeply nested: more than 64 levels, at body/0/0/" in err.getvalue()
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('{"role_name": "\\ud800", "year": 2026, "intro": "i", "body": []}')
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roles", str(surrogate), stdout=StringIO(), stderr=err)
    assert (
        f"{surrogate}:1: Contains a lone surrogate (U+D800), which is not allowed, at role_name"
        in (err.getvalue())
    )


@pytest.mark.parametrize("ref", ["²", "①", "data\x00", "99999999999999999999999"])
def test_application_role_references_follow_the_shared_rules(client, role_page, ref):
    response = client.post("/api/applications/", form_data(role=ref))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]
