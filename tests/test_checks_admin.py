"""Content checks in the Wagtail editor: the panel, its live refresh, and the publish gate."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from careers.blocks import RoleStreamBlock
from careers.editorial.panel import body_error, gated_action
from careers.models import RolePage
from careers.testing.blocks import section_index, seed_salary_rows, with_section
from tests.support import seed
from tests.support.formdata import role_page_form_data

pytestmark = pytest.mark.django_db


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["careers", "rolepage", parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def seed_data(body=None, publish=True, **kwargs):
    kwargs.setdefault("title", seed.TITLE)
    return role_page_form_data(
        seed.ROLE,
        2026,
        seed.INTRO,
        seed.seed_body() if body is None else body,
        publish=publish,
        **kwargs,
    )


def without_intern_row():
    rows = [row for row in seed_salary_rows() if row["level"] != "Intern"]
    return with_section(seed.seed_body(), "salary_table", rows=rows)


def panel_findings(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (li["data-code"], li.select_one(".careers-checks__location").text)
        for li in soup.select("[data-careers-checks] .careers-checks__finding")
    ]


# --- the publish gate --------------------------------------------------------------------


def test_inverted_salary_range_cannot_be_published(admin_client, careers_index):
    rows = seed_salary_rows()
    rows[3]["base_min"], rows[3]["base_max"] = 351000, 252000  # Senior, inverted
    body = with_section(seed.seed_body(), "salary_table", rows=rows)
    response = admin_client.post(add_url(careers_index), seed_data(body))
    assert response.status_code == 200
    assert not RolePage.objects.exists()
    error = response.context["form"].errors["body"].as_data()[0]
    table_error = error.block_errors[section_index(body, "salary_table")]
    row_error = table_error.block_errors["rows"].block_errors[3]
    assert row_error.block_errors["base_min"].messages == [
        "The base salary minimum (351,000) is above its maximum (252,000)."
    ]


def test_internships_promised_without_intern_pay_stops_publishing_with_the_message_on_the_title(
    admin_client, careers_index
):
    response = admin_client.post(add_url(careers_index), seed_data(without_intern_row()))
    assert response.status_code == 200
    form = response.context["form"]
    assert "has no intern pay" in form.errors["title"][0]
    assert "can't be published" in form.non_field_errors()[0]
    assert not RolePage.objects.exists()
    # The panel shows the same finding, with where it is.
    assert ("internships-without-intern-pay", "Title") in panel_findings(response)


def test_a_draft_with_errors_can_still_be_saved(admin_client, careers_index):
    response = admin_client.post(
        add_url(careers_index), seed_data(without_intern_row(), publish=False)
    )
    assert response.status_code == 302
    page = RolePage.objects.get()
    assert not page.live
    # Back in the editor, the draft's error is listed in the checks panel.
    response = admin_client.get(edit_url(page))
    assert ("internships-without-intern-pay", "Title") in panel_findings(response)


def test_a_missing_required_section_is_an_error_on_the_body(admin_client, careers_index):
    body = [pair for pair in seed.seed_body() if pair[0] != "apply"]
    response = admin_client.post(add_url(careers_index), seed_data(body))
    assert response.status_code == 200
    error = response.context["form"].errors["body"].as_data()[0]
    assert [e.message for e in error.non_block_errors.as_data()] == [
        'The page has no "Apply call to action" section; every role page needs one.'
    ]


def test_warnings_are_shown_but_do_not_stop_publishing(admin_client, careers_index):
    response = admin_client.post(add_url(careers_index), seed_data())
    assert response.status_code == 302
    page = RolePage.objects.get()
    assert page.live
    findings = panel_findings(admin_client.get(edit_url(page)))
    assert ("article", "What the role does \u203a heading") in findings
    assert all(code != "internships-without-intern-pay" for code, _ in findings)


def test_errors_land_on_the_exact_block_field():
    body = RoleStreamBlock().to_python(
        [{"type": name, "value": value} for name, value in seed.seed_body()]
    )
    error = body_error(
        body,
        [
            ("body/4/value/rows/1/base_min", "Too high."),
            ("body/4/value/currency", "No currency."),
            ("body/0", "Empty."),
            ("body", "Missing a section."),
        ],
    )
    assert error.as_json_data() == {
        "messages": ["Missing a section."],
        "blockErrors": {
            4: {
                "blockErrors": {
                    "rows": {
                        "blockErrors": {
                            1: {"blockErrors": {"base_min": {"messages": ["Too high."]}}}
                        }
                    },
                    "currency": {"messages": ["No currency."]},
                }
            },
            0: {"messages": ["Empty."]},
        },
    }


@pytest.mark.parametrize(
    ("data", "action"),
    [
        ({"action-publish": "1"}, "publish"),
        ({"action-submit": "1"}, "submit"),
        ({"action-workflow-action": "1", "workflow-action-name": "approve"}, "approve"),
        ({"action-workflow-action": "1", "workflow-action-name": "reject"}, None),
        ({}, None),
    ],
)
def test_which_actions_are_gated(data, action):
    assert gated_action(data) == action


# --- the live panel ----------------------------------------------------------------------


def test_panel_refreshes_from_unsaved_form_data(admin_client, careers_index):
    admin_client.post(add_url(careers_index), seed_data(publish=False))
    page = RolePage.objects.get()
    url = reverse("careers_checks_edit", args=[page.pk])

    response = admin_client.post(url, seed_data(publish=False))
    assert response.status_code == 200
    assert "What Does a Applied ML Engineer Do?" in response.content.decode()

    fixed = with_section(seed.seed_body(), "overview", heading="")
    fixed = with_section(fixed, "day_in_the_life", heading="")
    response = admin_client.post(url, seed_data(fixed, publish=False))
    html = response.content.decode()
    assert "a Applied" not in html
    assert "0 errors, 1 warning." in " ".join(html.split())
    # Nothing was saved: the panel only looks.
    assert page.get_latest_revision_as_object().body[0].value["heading"]


def test_panel_refresh_on_the_create_view_reports_invalid_fields(admin_client, careers_index):
    url = reverse("careers_checks_create", args=[careers_index.pk])
    data = seed_data(without_intern_row(), publish=False)
    data["year"] = "not a year"
    response = admin_client.post(url, data)
    html = " ".join(response.content.decode().split())
    # The invalid field is an error of its own, on that field; the rest is still judged.
    soup = BeautifulSoup(response.content, "html.parser")
    found = [
        (li["data-code"], li.select_one(".careers-checks__location").text)
        for li in soup.select(".careers-checks__finding")
    ]
    assert ("invalid-field", "Year") in found
    assert 'The year must be a whole number, not "not a year".' in html.replace("&quot;", '"')
    assert "has no intern pay" in html
    assert "don't validate yet" not in html


def test_panel_refresh_needs_edit_permission(client, django_user_model, make_role):
    page = make_role("Data Engineer")
    url = reverse("careers_checks_edit", args=[page.pk])
    assert client.post(url).status_code == 302  # to the admin login
    user = django_user_model.objects.create_user("visitor", password="pw")
    # Admin access but no permission on any page.
    group, _ = Group.objects.get_or_create(name="Page-less admins")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    response = client.post(url, seed_data(publish=False))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response.url) == (302, "/admin/")
