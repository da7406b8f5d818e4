"""One-line fields refuse control characters everywhere; log lines escape what they quote."""

import io
import json
import logging
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import APIToken

import pytest

from applications.forms import ApplicationForm
from careers.blocks import RoleStreamBlock
from careers.facts.characters import escape_control_characters, single_line_problem
from careers.models import CareersSettings, RolePage
from careers.taxonomy import RoleFamily
from careers.testing.blocks import section_index, with_section
from careers.testing.factories import sample_body
from home.models import HomePage
from tests.support.formdata import role_page_form_data

LINE_BREAK = "Remove the line break; this field is a single line."
# A header-injection attempt: what a role name would add to a header or a log line.
INJECTED = "Data Engineer\r\nSet-Cookie: session=forged"


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Applied ML Engineer", None),
        ("Ingénieur données — Zürich", None),
        ("a\r\nb", LINE_BREAK),
        ("a\nb", LINE_BREAK),
        ("a\rb", LINE_BREAK),
        ("a\x85b", LINE_BREAK),
        ("a\u2028b", LINE_BREAK),
        ("a\tb", "Replace the tab with a space; this field is a single line."),
        ("a\x00b", "Remove the control character U+0000; this field is a single line."),
        ("a\x1b[2Jb", "Remove the control character U+001B; this field is a single line."),
        ("a\x7fb", "Remove the control character U+007F; this field is a single line."),
        ("a\x9bb", "Remove the control character U+009B; this field is a single line."),
    ],
)
def test_single_line_problem(text, problem):
    assert single_line_problem(text) == problem


def test_escaping_keeps_text_and_writes_controls_as_escapes():
    assert escape_control_characters("Zürich\r\nX\x00\u2028") == "Zürich\\r\\nX\\x00\\u2028"


# --- model fields and blocks ---------------------------------------------------------------


def test_every_one_line_model_field_refuses_line_breaks(db):
    checks = [
        (RoleFamily(name="Data\nScience", slug="data"), "name"),
        (
            RoleFamily(
                name="Data",
                slug="data",
                occupational_category="15-2051.00",
                occupational_category_name="Data\r\nScientists",
            ),
            "occupational_category_name",
        ),
        (CareersSettings(organisation_name="Propel\r\nGrad"), "organisation_name"),
        (RolePage(role_name=INJECTED, year=2026, intro="x", title="t", slug="t"), "role_name"),
        (RolePage(role_name="X", year=2026, intro="x", title="A\nB", slug="t"), "title"),
        (
            RolePage(role_name="X", year=2026, intro="x", title="t", slug="t", seo_title="A\rB"),
            "seo_title",
        ),
        (
            RolePage(
                role_name="X", year=2026, intro="x", title="t", slug="t", search_description="A\nB"
            ),
            "search_description",
        ),
        (HomePage(title="Home\u2028page", slug="home"), "title"),
    ]
    for instance, field in checks:
        with pytest.raises(ValidationError) as excinfo:
            instance.clean_fields(exclude=["site", "logo", "body", "path", "depth", "content_type"])
        assert excinfo.value.message_dict[field] == [LINE_BREAK], field


def test_a_slug_with_a_line_break_is_refused(db):
    page = RolePage(role_name="X", year=2026, intro="x", title="t", slug="data\r\nengineer")
    with pytest.raises(ValidationError) as excinfo:
        page.clean_fields(exclude=["body", "path", "depth", "content_type"])
    assert "slug" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("section", "name", "value", "path"),
    [
        ("overview", "heading", "What\r\nthey do", ("heading",)),
        ("skills", "items", ["SQL", "Python\nSet-Cookie: x"], ("items", 1)),
        ("career_path", "steps", ["Intern", "Engineer\x00I"], ("steps", 1)),
        ("salary_table", "source_note", "Levels.fyi\r\n", None),
        ("apply", "button_label", "Apply\u2028now", ("button_label",)),
    ],
)
def test_every_one_line_block_refuses_control_characters(section, name, value, path):
    block = RoleStreamBlock()
    body = with_section(sample_body("Data Engineer"), section, **{name: value})
    index = section_index(body, section)
    if path is None:
        # A trailing line break is stripped like trailing spaces: nothing is left to inject.
        cleaned = block.clean(block.to_python([{"type": t, "value": v} for t, v in body]))
        assert cleaned[index].value["source_note"] == "Levels.fyi"
        return
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python([{"type": t, "value": v} for t, v in body]))
    error = excinfo.value.block_errors[index]
    for key in path:
        error = error.block_errors[key]
    assert error.messages[0].endswith("this field is a single line.")


def test_salary_level_and_faq_question_refuse_line_breaks():
    block = RoleStreamBlock()
    body = [
        (
            "salary_table",
            {
                "currency": "USD",
                "rows": [{"level": "Senior\r\nX-Forwarded-For: 1", "base_min": 1, "base_max": 2}],
            },
        ),
        ("faq", {"items": [{"question": "Why?\nReally", "answer": "<p>Yes.</p>"}]}),
    ]
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python([{"type": t, "value": v} for t, v in body]))
    errors = excinfo.value.block_errors
    level = errors[0].block_errors["rows"].block_errors[0].block_errors["level"]
    question = errors[1].block_errors["items"].block_errors[0].block_errors["question"]
    assert level.messages == [LINE_BREAK]
    assert question.messages == [LINE_BREAK]


# --- admin ---------------------------------------------------------------------------------


def test_admin_refuses_a_role_name_with_a_line_break(admin_client, role_page):
    body = with_section(
        sample_body("Applied ML Engineer"), "skills", items=["SQL\r\nBcc: victim@example.com"]
    )
    data = role_page_form_data(
        INJECTED, 2026, role_page.intro, body, title="Data\u2028Engineer", slug=role_page.slug
    )
    revisions = role_page.revisions.count()
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[role_page.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["role_name"] == [LINE_BREAK]
    assert form.errors["title"] == [LINE_BREAK]
    body_error = form.errors["body"].as_data()[0]
    assert body_error.block_errors[1].block_errors["items"].block_errors[0].messages == [LINE_BREAK]
    role_page.refresh_from_db()
    assert role_page.role_name == "Applied ML Engineer"
    assert role_page.revisions.count() == revisions


def test_admin_refuses_a_role_family_name_with_a_line_break(admin_client, db):
    response = admin_client.post(
        reverse("wagtailsnippets_careers_rolefamily:add"),
        {"name": "Data\r\nScience", "slug": "", "description": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [LINE_BREAK]
    assert not RoleFamily.objects.filter(slug="datascience").exists()


# --- API v3 --------------------------------------------------------------------------------


@pytest.fixture
def token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    return APIToken.create_token(user=user, name="pipeline")[1]


def patch(client, page, payload, token):
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def errors_of(response):
    return [f"{error['path']}: {error['msg']}" for error in response.json()["errors"]]


def test_api_refuses_a_role_name_with_a_line_break(client, role_page, token):
    response = patch(client, role_page, {"role_name": INJECTED}, token)
    assert response.status_code == 422, response.content
    assert errors_of(response) == [f"role_name: {LINE_BREAK}"]
    assert role_page.revisions.count() == 1


def test_api_refuses_control_characters_in_page_fields(client, role_page, token):
    # U+2028 is a line break to browsers' JavaScript and to Python's splitlines().
    payload = {"title": "Data\u2028Engineer", "meta": {"seo_title": "SEO\r\n"}}
    response = patch(client, role_page, payload, token)
    assert response.status_code == 422, response.content
    assert sorted(errors_of(response)) == [f"seo_title: {LINE_BREAK}", f"title: {LINE_BREAK}"]
    assert role_page.revisions.count() == 1


def test_api_refuses_control_characters_in_blocks(client, role_page, token):
    body = client.get(f"/api/v3/pages/{role_page.pk}/").json()["body"]
    body[1]["value"]["items"][0] = "SQL\u2028injected"
    response = patch(client, role_page, {"body": body}, token)
    assert response.status_code == 422, response.content
    assert errors_of(response) == [f"body/1/value/items/0: {LINE_BREAK}"]
    assert role_page.revisions.count() == 1


# --- import --------------------------------------------------------------------------------

GOOD = """\
Data Engineer Jobs & Internships 2026
Data engineers build pipelines.
What Does a Data Engineer Do?
They move data.
Required Skills & Qualifications
- ✓SQL
Career Path & Salary Progression
Intern → Data Engineer I
| Level | Base Salary | Total Comp (with equity) | Intern Monthly |
|---|---|---|---|
| Intern | — | — | $7,000–$9,000/mo |
| Entry-Level (0–2 yrs) | $100,000–$130,000 | +10–20% in equity/bonus | — |
Apply for Data Engineer Roles
Come work with us.
Data Engineer — Frequently Asked Questions
Is SQL enough?
No.
"""


def import_failing(path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roles", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue().strip().splitlines()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Data Engineer Jobs", "Data\x85Engineer Jobs", "1: contains a line break (U+0085)"),
        ("- ✓SQL", "- ✓SQL\u2028Bcc: x", "6: contains a line break (U+2028)"),
        ("Is SQL enough?", "Is SQL\x9b enough?", "16: contains the control character U+009B"),
    ],
)
def test_import_refuses_control_characters_with_file_and_line(
    careers_index, tmp_path, old, new, message
):
    path = tmp_path / "de.txt"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    assert import_failing(path) == [
        f"{path}:{message}" + (" inside the line" if "break" in message else "")
    ]
    assert not RolePage.objects.exists()


def test_the_import_document_is_valid_without_the_injected_characters(careers_index, tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_roles", str(path), stdout=StringIO(), stderr=StringIO())
    assert RolePage.objects.get().role_name == "Data Engineer"


def test_import_of_json_refuses_a_role_name_with_a_line_break(careers_index, tmp_path):
    payload = {
        "role_name": INJECTED,
        "year": 2026,
        "intro": "Data engineers build pipelines.",
        "body": [{"type": "skills", "value": {"heading": "", "items": ["SQL\r\nBcc: x"]}}],
    }
    path = tmp_path / "de.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    errors = import_failing(path)
    assert f"{path}:1: role_name: {LINE_BREAK}" in errors
    assert f"{path}:1: body[0] (skills) items.0: {LINE_BREAK}" in errors
    assert not RolePage.objects.exists()


# --- applications --------------------------------------------------------------------------


def test_application_name_refuses_control_characters():
    form = ApplicationForm(data={"name": "Ada\x1b]8;;https://evil.example\x07Lovelace"})
    assert form.errors["name"] == [
        "Remove the control character U+001B; this field is a single line."
    ]


# --- logs ----------------------------------------------------------------------------------


def test_a_logged_value_with_crlf_stays_on_one_line():
    """Through the handler the settings configure, as production writes its logs."""
    logger = logging.getLogger("careers.test")
    handler = logging.getLogger("careers").handlers[0]
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    try:
        logger.warning("search failed for %s", "x\r\nERROR forged entry\x1b[2J")
    finally:
        handler.setStream(old_stream)
    assert stream.getvalue() == "search failed for x\\r\\nERROR forged entry\\x1b[2J\n"
