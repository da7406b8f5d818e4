"""The checks panel while a page is invalid: it judges what is on screen, block by block."""

import re

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from careers.editorial.panel import read_form
from careers.facts.salary import row_kind
from careers.models import RolePage
from careers.testing.blocks import section, section_index, seed_salary_rows, with_section
from tests.support import seed
from tests.support.formdata import role_page_form_data

pytestmark = pytest.mark.django_db

INTERN = (
    "Salary table, Intern: the intern pay per month minimum (9,000) is above its maximum (7,000)."
)
ENTRY = (
    "Salary table, Entry-Level (0\u20132 yrs): the base salary minimum (150,000) is above its "
    "maximum (120,000)."
)
NEGATIVE = (
    "Salary table, Mid-Level (3\u20135 yrs): the base salary minimum can't be negative (-5,000)."
)
CURRENCY = 'Salary table: "XYZ" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).'


def form_data(body, **kwargs):
    """What the editor's browser posts; every salary row says its kind, as the admin's does."""
    kwargs.setdefault("title", seed.TITLE)
    kwargs.setdefault("publish", False)
    table = section_index(body, "salary_table")
    rows = [{**row, "kind": row.get("kind") or row_kind(row)} for row in body[table][1]["rows"]]
    body = with_section(body, "salary_table", rows=rows)
    return role_page_form_data(seed.ROLE, 2026, seed.INTRO, body, **kwargs)


def four_mistakes(body=None):
    """The issue's new page: inverted intern and entry pay, a negative base, currency XYZ."""
    rows = seed_salary_rows()
    rows[0]["intern_monthly_min"], rows[0]["intern_monthly_max"] = 9000, 7000
    rows[1]["base_min"], rows[1]["base_max"] = 150000, 120000
    rows[2]["base_min"] = -5000
    return with_section(body or seed.seed_body(), "salary_table", rows=rows, currency="XYZ")


def findings(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        {
            "code": li["data-code"],
            "path": li["data-path"],
            "level": li.select_one(".careers-checks__level").text,
            "sentence": (
                f"{li.select_one('.careers-checks__location').text}: "
                f"{li.select_one('.careers-checks__message').text}"
            ),
        }
        for li in soup.select(".careers-checks__finding")
    ]


def summary(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.select_one("[data-careers-checks-summary]").text.split())


def sentences(found, code="invalid-field"):
    """The findings as the banner words them (location, then the message lower-cased)."""
    return [
        re.sub(r": (\w)", lambda m: ": " + m.group(1).lower(), f["sentence"], count=1)
        for f in found
        if f["code"] == code
    ]


def create_checks_url(parent):
    return reverse("careers_checks_create", args=[parent.pk])


def test_every_invalid_block_error_is_in_the_panel_on_its_field(admin_client, careers_index):
    body = four_mistakes()
    response = admin_client.post(create_checks_url(careers_index), form_data(body))
    found = findings(response)
    assert sentences(found) == [CURRENCY, INTERN, ENTRY, NEGATIVE]
    table = section_index(body, "salary_table")
    paths = {f["sentence"]: f["path"] for f in found if f["code"] == "invalid-field"}
    assert sorted(paths.values()) == sorted(
        [
            f"body/{table}/value/currency",
            f"body/{table}/value/rows/0/intern_monthly_min",
            f"body/{table}/value/rows/1/base_min",
            f"body/{table}/value/rows/2/base_min",
        ]
    )
    assert summary(response).startswith("4 errors, ")
    assert "They stop any save, even a draft." in summary(response)


def test_an_invalid_salary_table_is_still_on_the_page(admin_client, careers_index):
    response = admin_client.post(create_checks_url(careers_index), form_data(four_mistakes()))
    codes = {f["code"] for f in findings(response)}
    # The table, the apply section and the filled sections are on screen: none is "missing"
    # or "empty", and the Intern row's (inverted) pay is pay.
    assert not codes & {"section-missing", "section-empty", "internships-without-intern-pay"}


def test_valid_blocks_are_judged_as_on_screen_with_paths_to_them(admin_client, careers_index):
    body = four_mistakes()
    faq = section_index(body, "faq")
    body[faq][1]["items"][0]["question"] = "What does TODO mean here?"
    response = admin_client.post(create_checks_url(careers_index), form_data(body))
    found = findings(response)
    placeholder = [f for f in found if f["code"] == "placeholder"]
    # The FAQ sits after the invalid table: its path is its place on screen, not in the
    # shorter body of valid blocks the checks judged.
    assert [f["path"] for f in placeholder] == [f"body/{faq}/value/items/0/question"]
    articles = [f for f in found if f["code"] == "article"]
    assert "body/0/value/heading" in [f["path"] for f in articles]


def test_a_row_with_no_figures_and_a_missing_currency_show_before_any_save(
    admin_client, careers_index
):
    rows = seed_salary_rows()
    senior = rows[3]
    rows[3] = {"level": senior["level"], "years_min": 5, "years_max": 8}
    body = with_section(seed.seed_body(), "salary_table", rows=rows, currency="")
    response = admin_client.post(create_checks_url(careers_index), form_data(body))
    # A row still to fill in is saved with a draft: it only stops publishing.
    assert sentences(findings(response), code="required-to-publish") == [
        "Salary table, Senior (5\u20138 yrs): this level has no figures: give a base salary, "
        "an uplift or intern pay."
    ]
    assert "Salary table: the currency is required." in sentences(findings(response))
    assert summary(response).endswith("1 stops any save, even a draft; 1 only stops publishing.")
    assert not RolePage.objects.exists()


def test_a_live_page_with_an_inverted_range_never_shows_0_errors(admin_client, make_role):
    page = make_role(seed.ROLE, body=seed.seed_body())
    url = reverse("careers_checks_edit", args=[page.pk])
    rows = seed_salary_rows()
    rows[1]["base_min"], rows[1]["base_max"] = 150000, 120000
    body = with_section(seed.seed_body(), "salary_table", rows=rows)
    response = admin_client.post(url, form_data(body))
    assert summary(response).startswith("1 error, ")
    assert summary(response).endswith(" It stops any save, even a draft.")
    assert sentences(findings(response)) == [ENTRY]
    assert not {f["code"] for f in findings(response)} & {"section-missing", "section-empty"}
    # The panel only looks: nothing was saved.
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().body[4].value["rows"][1]["base_min"] == 125000


def test_an_invalid_field_outside_the_body_is_an_error_and_not_judged_at_its_old_value(
    admin_client, make_role
):
    page = make_role(seed.ROLE, body=seed.seed_body(), title="Old TODO title")
    url = reverse("careers_checks_edit", args=[page.pk])
    data = form_data(seed.seed_body(), title="x" * 300)
    response = admin_client.post(url, data)
    found = findings(response)
    assert [f["path"] for f in found if f["code"] == "invalid-field"] == ["title"]
    # The saved title's placeholder is not on screen, so it is not reported.
    assert not [f for f in found if f["code"] == "placeholder" and f["path"] == "title"]


def test_the_save_banner_names_block_and_field_in_the_panels_words(admin_client, careers_index):
    body = four_mistakes()
    add_url = reverse("wagtailadmin_pages:add", args=["careers", "rolepage", careers_index.pk])
    response = admin_client.post(add_url, form_data(body))
    assert response.status_code == 200
    assert not RolePage.objects.exists()
    banner = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "Validation error in StreamBlock" not in banner
    for text in (CURRENCY, INTERN, ENTRY, NEGATIVE):
        assert f"Body: {text}" in banner.replace("&quot;", '"').replace("&#x27;", "'")
    # The errors still sit on their fields inside the StreamField.
    error = response.context["form"].errors["body"].as_data()[0]
    table = error.block_errors[section_index(body, "salary_table")]
    assert table.block_errors["rows"].block_errors[1].block_errors["base_min"].messages == [
        "The base salary minimum (150,000) is above its maximum (120,000)."
    ]
    # And the panel on the re-rendered editor says the same.
    assert sentences(findings(response)) == [CURRENCY, INTERN, ENTRY, NEGATIVE]


def test_a_body_that_cannot_be_read_says_which_revision_was_judged(make_role, admin_user):
    page = make_role(seed.ROLE, body=seed.seed_body())
    page = page.latest_content()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(
        form_data(seed.seed_body()),
        instance=page,
        parent_page=page.get_parent(),
        for_user=admin_user,
    )
    form.is_valid()
    # A body error that is not a block error (nothing on screen to judge block by block).
    del form.careers_on_screen
    form.cleaned_data.pop("body", None)
    form.add_error("body", "The body could not be read.")
    note = read_form(form).note
    assert f"revision {page.latest_revision.pk}" in note


def test_list_items_and_questions_are_named_as_the_editor_sees_them(admin_client, careers_index):
    body = seed.seed_body()
    skills = section_index(body, "skills")
    body[skills][1]["items"][1] = "SQL\nand more"
    faq = section_index(body, "faq")
    question = body[faq][1]["items"][0]["question"]
    body[faq][1]["items"].append({"question": question, "answer": "<p>Again.</p>"})
    response = admin_client.post(create_checks_url(careers_index), form_data(body))
    found = sentences(findings(response))
    assert "Required skills, Skill 2: remove the line break; this field is a single line." in found
    second = len(body[faq][1]["items"])
    assert f"FAQ, Question {second}: this question repeats question 1." in found


def test_a_second_salary_table_is_named_once_in_the_banner(admin_client, careers_index):
    body = seed.seed_body()
    body.append(("salary_table", section(body, "salary_table")))
    add_url = reverse("wagtailadmin_pages:add", args=["careers", "rolepage", careers_index.pk])
    response = admin_client.post(add_url, form_data(body))
    banner = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "<li>Body: Salary table: The maximum number of items is 1</li>" in banner
    assert ("Body", "Salary table: The maximum number of items is 1") in [
        (f["sentence"].split(": ", 1)[0], f["sentence"].split(": ", 1)[1])
        for f in findings(response)
        if f["code"] == "invalid-field"
    ]
