"""A new role page in the admin opens whole (#16): every standard section, empty, in reading
order, the salary table's levels labelled; pages made any other way keep the body they're given."""

import html
import json
import re

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from careers import blockerrors
from careers.blocks import RoleStreamBlock
from careers.facts.salary import STANDARD_LEVELS
from careers.facts.sections import STANDARD_SECTIONS
from careers.models import RolePage
from tests.support.formdata import block_form_data, role_page_form_data
from tests.test_checks_live import findings, summary

pytestmark = pytest.mark.django_db


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["careers", "rolepage", parent.pk])


def body_state(response):
    """The body's initial state and errors, as the page hands them to the StreamField script."""
    found = re.search(r'data-w-block-arguments-value="([^"]*)"', response.content.decode())
    state, errors = json.loads(html.unescape(found.group(1)))
    return state, errors


def unchanged_form(response, publish):
    """What the browser posts when the editor saves the new page without touching it."""
    body = response.context["form"].initial["body"]
    pairs = [(child.block_type, child.value) for child in body]
    return role_page_form_data("", "", "", pairs, publish=publish)


def test_the_add_view_opens_with_every_standard_section_in_reading_order(
    admin_client, careers_index
):
    response = admin_client.get(add_url(careers_index))
    assert response.status_code == 200
    state, errors = body_state(response)
    assert [child["type"] for child in state] == list(STANDARD_SECTIONS)
    assert errors is None
    assert not response.context["form"].errors
    sections = {child["type"]: child["value"] for child in state}
    # Each is present and empty: the editor fills it in, nothing to add.
    assert [item["value"] for item in sections["skills"]["items"]] == [None]
    assert [item["value"] for item in sections["career_path"]["steps"]] == [None]
    (question,) = sections["faq"]["items"]
    assert question["value"]["question"] is None
    assert json.loads(sections["overview"]["body"])["blocks"][0]["text"] == ""
    assert sections["apply"]["button_label"] == "Submit your profile"


def test_the_salary_table_starts_with_the_standard_levels_labelled(admin_client, careers_index):
    state, _errors = body_state(admin_client.get(add_url(careers_index)))
    table = next(child["value"] for child in state if child["type"] == "salary_table")
    rows = [row["value"] for row in table["rows"]]
    assert [row["level"] for row in rows] == list(STANDARD_LEVELS)
    assert [row["level"] for row in rows] == ["Intern", "Entry-Level", "Mid-Level", "Senior"]
    # The select's state: the Intern row is an internship, the others are levels.
    assert [row["kind"] for row in rows] == [["intern"], ["level"], ["level"], ["level"]]
    assert all(row["base_min"] is None and row["intern_monthly_min"] is None for row in rows)
    assert table["currency"] == "USD"


def test_the_page_loads_the_script_that_labels_rows_and_guards_sections(
    admin_client, careers_index
):
    page = admin_client.get(add_url(careers_index)).content.decode()
    assert "/static/careers/admin/role-body.js" in page
    assert "careers.blocks.SalaryRowBlock" in page
    assert "careers.blocks.RoleStreamBlock" in page


def body_errors(form):
    return blockerrors.flatten(form.errors["body"].as_data()[0])


def test_publishing_the_untouched_page_is_refused_on_each_empty_field(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    response = admin_client.post(add_url(careers_index), unchanged_form(opened, publish=True))
    assert response.status_code == 200
    assert not RolePage.objects.exists()
    form = response.context["form"]
    assert {"role_name", "year", "intro", "body"} <= set(form.errors)
    position = {name: index for index, name in enumerate(STANDARD_SECTIONS)}
    no_figures = "This level has no figures: give a base salary, an uplift or intern pay."
    required = "This field is required."
    assert body_errors(form) == [
        ((position["skills"], "value", "items", 0), required),
        ((position["career_path"], "value", "steps", 0), required),
        # Each on the first figure its kind shows: intern pay for the Intern row, base otherwise.
        ((position["salary_table"], "value", "rows", 0, "intern_monthly_min"), no_figures),
        *(
            ((position["salary_table"], "value", "rows", row, "base_min"), no_figures)
            for row in (1, 2, 3)
        ),
        ((position["faq"], "value", "items", 0, "question"), required),
    ]


def test_the_untouched_page_saves_as_a_draft_once_it_has_a_role(admin_client, careers_index):
    # "Save draft" defers what only publishing needs, the new page's blank levels included.
    opened = admin_client.get(add_url(careers_index))
    data = unchanged_form(opened, publish=False)
    data.update({"role_name": "Platform Engineer", "year": "2026", "intro": "Roads."})
    response = admin_client.post(add_url(careers_index), data)
    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert [child.block_type for child in draft.body] == list(STANDARD_SECTIONS)
    assert [row["level"] for row in draft.salary_table["rows"]] == list(STANDARD_LEVELS)


def filled_in(response):
    """The new page's body as an editor completes it, section by section."""
    body = response.context["form"].initial["body"]
    text = "<p>Builds things.</p>"
    content = {
        "overview": {"heading": "", "body": text},
        "skills": {"heading": "", "items": ["Python"]},
        "day_in_the_life": {"heading": "", "body": text},
        "career_path": {"heading": "", "steps": ["Intern", "Engineer I", "Senior Engineer"]},
        "apply": {"heading": "", "text": "", "button_label": "Apply"},
        "faq": {
            "heading": "",
            "items": [{"question": "Is it remote?", "answer": "<p>Often.</p>"}],
        },
    }
    figures = {
        "Intern": {"intern_monthly_min": 6000, "intern_monthly_max": 9000},
        "Entry-Level": {"years_min": 0, "years_max": 2, "base_min": 100000, "base_max": 140000},
        "Mid-Level": {"years_min": 3, "years_max": 5, "base_min": 140000, "base_max": 190000},
        "Senior": {"years_min": 6, "base_min": 190000, "base_max": 260000},
    }
    pairs = []
    for child in body:
        if child.block_type == "salary_table":
            table = dict(child.value)
            table["as_of_year"] = 2026
            table["rows"] = [{**row, **figures[row["level"]]} for row in child.value["rows"]]
            pairs.append(("salary_table", table))
        else:
            pairs.append((child.block_type, content[child.block_type]))
    return pairs


def test_the_new_page_filled_in_where_it_stands_publishes(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    data = role_page_form_data(
        "Platform Engineer", 2026, "Platform engineers build the roads.", filled_in(opened)
    )
    response = admin_client.post(add_url(careers_index), data)
    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()
    assert page.live
    assert [child.block_type for child in page.body] == list(STANDARD_SECTIONS)
    rows = page.salary_table["rows"]
    assert [(row["level"], row["kind"]) for row in rows] == [
        ("Intern", "intern"),
        ("Entry-Level", "level"),
        ("Mid-Level", "level"),
        ("Senior", "level"),
    ]
    assert page.has_internships


def test_an_existing_page_opens_with_its_own_body(admin_client, make_role):
    page = make_role("Data Engineer", body=[("text", {"heading": "Only", "body": "<p>x</p>"})])
    state, _errors = body_state(
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    )
    assert [child["type"] for child in state] == ["text"]


def test_pages_made_outside_the_admin_start_empty():
    # The API and the importer build RolePage(...) themselves: no sections appear from nowhere.
    assert list(RolePage().body) == []
    assert list(RoleStreamBlock().to_python([])) == []


def test_the_unchanged_form_data_is_the_new_page_body():
    # The helper above posts what the add view renders, not a body of its own.
    value = RoleStreamBlock().new_page_value()
    data = block_form_data(RoleStreamBlock(), [(c.block_type, c.value) for c in value], "body")
    assert data["body-count"] == str(len(STANDARD_SECTIONS))
    assert data["body-4-value-rows-0-value-level"] == "Intern"
    assert data["body-4-value-rows-0-value-kind"] == "intern"


def with_inverted_entry_pay(response, publish):
    """The new page with a role, and Entry-Level's base typed the wrong way round; Skill 1 blank."""
    body = response.context["form"].initial["body"]
    pairs = []
    for child in body:
        value = child.value
        if child.block_type == "salary_table":
            value = dict(value)
            value["rows"] = [
                {**row, "base_min": 150000, "base_max": 120000}
                if row["level"] == "Entry-Level"
                else row
                for row in value["rows"]
            ]
        pairs.append((child.block_type, value))
    return role_page_form_data(
        "Platform Engineer", 2026, "Platform engineers build the roads.", pairs, publish=publish
    )


def test_a_draft_with_an_inverted_range_and_a_blank_skill_is_refused_without_crashing(
    admin_client, careers_index
):
    opened = admin_client.get(add_url(careers_index))
    response = admin_client.post(add_url(careers_index), with_inverted_entry_pay(opened, False))
    assert response.status_code == 200
    assert not RolePage.objects.exists()
    position = STANDARD_SECTIONS.index("salary_table")
    # Only the inverted range stops the draft; the blank skill waits for publishing.
    assert body_errors(response.context["form"]) == [
        (
            (position, "value", "rows", 1, "base_min"),
            "The base salary minimum (150,000) is above its maximum (120,000).",
        )
    ]
    # The banner lists what refused the draft, in the panel's words, and nothing a draft defers.
    banner = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "Body: Salary table, Entry-Level: the base salary minimum (150,000)" in banner
    assert "Skill 1" not in banner


def test_the_live_checks_read_the_same_draft_without_crashing(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    url = reverse("careers_checks_create", args=[careers_index.pk])
    response = admin_client.post(url, with_inverted_entry_pay(opened, False))
    assert response.status_code == 200
    found = findings(response)
    assert [f["sentence"] for f in found if f["code"] == "invalid-field"] == [
        "Salary table, Entry-Level: The base salary minimum (150,000) is above its maximum "
        "(120,000)."
    ]
    # The blank skill and the levels still to fill in only stop publishing.
    deferred = [f["sentence"] for f in found if f["code"] == "required-to-publish"]
    assert "Required skills, Skill 1: The value is required." in deferred
    assert summary(response).startswith("10 errors, 0 warnings. 1 stops any save, even a draft; ")
    assert summary(response).endswith("; 9 only stop publishing.")


WAITING = "Checks start when you begin writing."


def checks_url(parent):
    return reverse("careers_checks_create", args=[parent.pk])


def test_the_new_page_opens_without_errors_in_the_panel(admin_client, careers_index):
    response = admin_client.get(add_url(careers_index))
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-careers-checks]")
    assert " ".join(panel.select_one("[data-careers-checks-summary]").text.split()) == WAITING
    assert not panel.select(".careers-checks__finding")
    assert not panel.has_attr("data-tried")


def test_live_checks_wait_until_the_editor_writes(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    data = unchanged_form(opened, publish=False)
    # The browser also posts the editor's comment-notification preference: not page content.
    data["comment_notifications"] = "on"
    response = admin_client.post(checks_url(careers_index), data)
    assert summary(response) == WAITING
    assert not findings(response)
    # One field typed, and the checks run on everything.
    response = admin_client.post(checks_url(careers_index), {**data, "role_name": "Platform"})
    assert summary(response).startswith("12 errors, ")
    assert "Required skills, Skill 1: The value is required." in [
        f["sentence"] for f in findings(response)
    ]


def test_live_checks_start_on_a_block_edited(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    data = unchanged_form(opened, publish=False)
    data["body-1-value-items-0-value"] = "Python"
    response = admin_client.post(checks_url(careers_index), data)
    assert summary(response) != WAITING
    assert findings(response)


def test_after_a_refused_publish_the_panel_shows_the_errors(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    data = unchanged_form(opened, publish=True)
    response = admin_client.post(add_url(careers_index), data)
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-careers-checks]")
    assert panel.has_attr("data-tried")
    assert panel.select(".careers-checks__finding")
    # The script's next refresh says a save was tried: the errors stay, though nothing changed.
    data.pop("action-publish")
    response = admin_client.post(checks_url(careers_index), {**data, "careers-checks-tried": "1"})
    assert summary(response).startswith("12 errors, ")


def test_errors_a_draft_defers_are_counted_as_stopping_only_publishing(admin_client, careers_index):
    opened = admin_client.get(add_url(careers_index))
    data = unchanged_form(opened, publish=False)
    data.update({"role_name": "Platform Engineer", "year": "2026", "intro": "Roads."})
    response = admin_client.post(checks_url(careers_index), data)
    assert summary(response).endswith(" They only stop publishing: a draft still saves.")
    assert "invalid-field" not in {f["code"] for f in findings(response)}
    # And the draft does save.
    assert admin_client.post(add_url(careers_index), data).status_code == 302
