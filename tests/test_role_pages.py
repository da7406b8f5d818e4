"""Role pages end to end: admin creation, validation messages, HTML and listing."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from careers.models import CareersSettings, RolePage
from careers.testing.blocks import section_index, seed_salary_rows, with_section
from careers.testing.factories import sample_body
from tests.support.formdata import role_page_form_data


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["careers", "rolepage", parent.pk])


def test_editor_creates_and_publishes_a_role_with_every_block(admin_client, careers_index):
    body = sample_body("Applied ML Engineer", (careers_index.pk,))
    data = role_page_form_data("Applied ML Engineer", 2026, "Applied ML engineers ship.", body)

    response = admin_client.post(add_url(careers_index), data)

    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()
    assert page.live
    assert page.title == "Applied ML Engineer Jobs & Internships 2026"
    assert page.slug == "applied-ml-engineer"
    assert page.url == "/careers/applied-ml-engineer/"
    assert [child.block_type for child in page.body] == [name for name, _ in body]
    assert page.salary_summary == {"base_min": 125000, "base_max": 351000, "currency": "USD"}
    assert page.has_internships

    html = admin_client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert [h.text for h in soup.find_all("h1")] == ["Applied ML Engineer Jobs & Internships 2026"]
    headings = [h.text for h in soup.select("article h2")]
    assert "What Does an Applied ML Engineer Do?" in headings
    assert "A Day in the Life of an Applied ML Engineer" in headings
    assert "$125,000–$180,000" in html


def test_editor_title_is_kept_when_given(admin_client, careers_index):
    data = role_page_form_data(
        "Data Engineer",
        2026,
        "Data.",
        sample_body("Data Engineer"),
        title="Data Engineering Careers",
    )
    response = admin_client.post(add_url(careers_index), data)
    assert response.status_code == 302
    page = RolePage.objects.get()
    assert page.title == "Data Engineering Careers"
    assert page.slug == "data-engineer"


def test_a_second_role_with_the_same_name_is_refused_on_the_role_name_not_a_500(
    admin_client, careers_index
):
    data = role_page_form_data("Data Engineer", 2026, "Data.", sample_body("Data Engineer"))
    assert admin_client.post(add_url(careers_index), data).status_code == 302

    response = admin_client.post(add_url(careers_index), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "A role page at /data-engineer/ already exists" in errors["role_name"][0]
    assert RolePage.objects.count() == 1


ENTRY_LEVEL_ROW = 1  # in the seed's salary table, after the intern row


def salary_body(**entry_level_changes):
    rows = seed_salary_rows()
    rows[ENTRY_LEVEL_ROW].update(entry_level_changes)
    return with_section(sample_body("Data Engineer"), "salary_table", rows=rows)


def post_invalid(admin_client, careers_index, body):
    data = role_page_form_data("Data Engineer", 2026, "Data.", body)
    response = admin_client.post(add_url(careers_index), data)
    assert response.status_code == 200
    assert not RolePage.objects.exists()
    return response.context["form"].errors["body"].as_data()[0]


def salary_row_error(stream_error, body, row, field):
    table_error = stream_error.block_errors[section_index(body, "salary_table")]
    return table_error.block_errors["rows"].block_errors[row].block_errors[field].messages[0]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"base_min": 200000, "base_max": 100000},
            "base_min",
            "The base salary minimum (200,000) is above its maximum (100,000).",
        ),
        ({"uplift_min": -10}, "uplift_min", "Ensure this value is greater than or equal to 0."),
        (
            {"base_min": None, "base_max": None, "uplift_min": None, "uplift_max": None},
            "base_min",
            "This level has no figures: give a base salary, an uplift or intern pay.",
        ),
    ],
)
def test_salary_errors_land_on_the_field_of_the_row(
    admin_client, careers_index, overrides, field, message
):
    body = salary_body(**overrides)
    error = post_invalid(admin_client, careers_index, body)
    assert salary_row_error(error, body, ENTRY_LEVEL_ROW, field) == message


def test_invalid_currency_is_refused_on_the_currency_field(admin_client, careers_index):
    body = with_section(sample_body("Data Engineer"), "salary_table", currency="XYZ")
    error = post_invalid(admin_client, careers_index, body)
    table_error = error.block_errors[section_index(body, "salary_table")]
    message = table_error.block_errors["currency"].messages[0]
    assert message == '"XYZ" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).'


def test_edit_form_shows_the_row_error_to_the_editor(admin_client, careers_index):
    data = role_page_form_data(
        "Data Engineer", 2026, "Data.", salary_body(base_min=200000, base_max=100000)
    )
    response = admin_client.post(add_url(careers_index), data)
    assert (
        "The base salary minimum (200,000) is above its maximum (100,000)."
        in response.content.decode()
    )


def test_every_field_has_help_text():
    for field in ("role_name", "year", "intro", "body"):
        assert RolePage._meta.get_field(field).help_text, field


def test_index_lists_live_roles_with_their_salary_range(client, make_role):
    make_role("Applied ML Engineer")
    make_role("Data Engineer")
    make_role("Hidden Draft Role", publish=False)

    response = client.get("/careers/")
    soup = BeautifulSoup(response.content, "html.parser")
    cards = soup.select(".role-card")
    assert [card.h2.a.text for card in cards] == [
        "Applied ML Engineer Jobs & Internships 2026",
        "Data Engineer Jobs & Internships 2026",
    ]
    assert cards[0].h2.a["href"] == "/careers/applied-ml-engineer/"
    assert "$125,000–$351,000" in cards[0].text
    assert "Hidden Draft Role" not in response.content.decode()


def test_index_query_count_does_not_grow_with_roles(
    client, make_role, django_assert_max_num_queries
):
    # Two pages of roles at both sizes: a short first page skips the separate count.
    for i in range(21):
        make_role(f"Role {i}")
    client.get("/careers/")
    with django_assert_max_num_queries(10) as few:
        client.get("/careers/")
    for i in range(21, 45):
        make_role(f"Role {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/careers/")
    # 20 roles a page (careers.find.filters.PER_PAGE); all 45 are counted.
    assert response.content.decode().count('class="role-card"') == 20
    assert "45 roles." in response.content.decode()


def test_role_page_has_one_h1_and_ordered_headings(client, role_page):
    soup = BeautifulSoup(client.get(role_page.url).content, "html.parser")
    levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4"])]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, current in zip(levels, levels[1:]):
        assert current <= previous + 1


def test_site_settings_supply_the_organisation_name(client, role_page, home):
    settings = CareersSettings.for_site(home.get_site())
    settings.organisation_name = "Acme Careers"
    settings.save()
    html = client.get(role_page.url).content.decode()
    assert "a Acme Careers recruiter" in html or "an Acme Careers recruiter" not in html
    assert "Acme Careers recruiter" in html
