"""A generated title follows the role name and year in the admin, the API and imports; a typed one stays."""

import importlib
import json
from types import SimpleNamespace

from django.urls import reverse

from wagtail.models import APIToken

import pytest

from careers.editorial import checks
from careers.models import RolePage
from careers.pipeline.load import Importer, page_to_payload
from careers.testing.factories import sample_body
from tests.support.api import auth
from tests.support.formdata import role_page_form_data

CUSTOM = "Data Engineering Careers 2026"


def edit(admin_client, page, *, role_name=None, year=None, title=None):
    """Post the edit form as an editor would: every field as shown, some changed."""
    draft = page.get_latest_revision_as_object()
    data = role_page_form_data(
        role_name or draft.role_name,
        year or draft.year,
        draft.intro,
        sample_body(draft.role_name),
        title=draft.title if title is None else title,
        slug=draft.slug,
        publish=False,
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()


# --- the admin ---------------------------------------------------------------------------


def test_admin_year_change_moves_a_generated_title(admin_client, make_role):
    page = make_role("Data Engineer")
    assert not page.custom_title

    draft = edit(admin_client, page, year=2027)

    assert draft.title == "Data Engineer Jobs & Internships 2027"
    assert not draft.custom_title


def test_admin_role_change_moves_a_generated_title(admin_client, make_role):
    page = make_role("Data Engineer")
    draft = edit(admin_client, page, role_name="Analytics Engineer")
    assert draft.title == "Analytics Engineer Jobs & Internships 2026"


def test_admin_typed_title_is_custom_and_stays_when_the_year_changes(admin_client, make_role):
    page = make_role("Data Engineer")
    draft = edit(admin_client, page, title=CUSTOM)
    assert (draft.title, draft.custom_title) == (CUSTOM, True)

    draft = edit(admin_client, RolePage.objects.get(pk=page.pk), year=2027)

    assert (draft.title, draft.custom_title) == (CUSTOM, True)


def test_admin_clearing_a_custom_title_makes_it_follow_again(admin_client, make_role):
    page = make_role("Data Engineer", title=CUSTOM)
    assert page.custom_title

    draft = edit(admin_client, page, year=2027, title="")

    assert (draft.title, draft.custom_title) == ("Data Engineer Jobs & Internships 2027", False)


def test_admin_typing_the_default_title_is_not_custom(admin_client, make_role):
    page = make_role("Data Engineer", title=CUSTOM)
    draft = edit(admin_client, page, title="Data Engineer Jobs & Internships 2026")
    assert not draft.custom_title


def test_the_panel_judges_the_title_the_save_will_store(admin_client, make_role):
    """A generated title about to follow a new year is not reported as naming the old one."""
    page = make_role("Data Engineer")
    url = reverse("careers_checks_edit", args=[page.pk])
    warning = "but the page&#x27;s year is 2027"

    def panel(title):
        data = role_page_form_data(
            "Data Engineer", 2027, page.intro, sample_body("Data Engineer"), title=title
        )
        response = admin_client.post(url, data)
        assert response.status_code == 200
        return response.content.decode()

    assert warning not in panel(page.title)
    assert warning in panel("Data Engineer Careers 2026")


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    return APIToken.create_token(user=user, name="pipeline")[1]


def patch(client, page, payload, token):
    response = client.patch(
        f"/api/v3/pages/{page.pk}/", payload, content_type="application/json", **auth(token)
    )
    assert response.status_code == 200, response.content
    return RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_api_patch_of_role_and_year_moves_a_generated_title(client, token, make_role):
    """The issue's case: PATCH role_name and year left the 2026 title behind."""
    page = make_role("Cloud Security Architect")
    draft = patch(client, page, {"role_name": "Cloud Security Engineer", "year": 2027}, token)
    assert draft.title == "Cloud Security Engineer Jobs & Internships 2027"
    assert not draft.custom_title


def test_api_read_payload_with_a_new_year_moves_a_generated_title(client, token, make_role):
    page = make_role("Data Engineer")
    read = client.get(f"/api/v3/pages/{page.pk}/", **auth(token)).json()
    read["year"] = 2027
    assert patch(client, page, read, token).title == "Data Engineer Jobs & Internships 2027"


def test_api_title_given_is_custom_and_stays(client, token, make_role):
    page = make_role("Data Engineer")
    draft = patch(client, page, {"title": CUSTOM}, token)
    assert (draft.title, draft.custom_title) == (CUSTOM, True)

    draft = patch(client, RolePage.objects.get(pk=page.pk), {"year": 2027}, token)
    assert (draft.title, draft.custom_title) == (CUSTOM, True)

    draft = patch(client, RolePage.objects.get(pk=page.pk), {"title": ""}, token)
    assert (draft.title, draft.custom_title) == ("Data Engineer Jobs & Internships 2027", False)


# --- import ----------------------------------------------------------------------------------


def import_json(payload):
    # The pages were made by the test, not by an import of this file: overwrite them.
    report = Importer(force=True).run([("role.json", json.dumps(payload))])
    assert report.ok, [str(problem) for problem in report.errors]
    return report


def test_import_of_an_export_with_a_new_year_moves_a_generated_title(make_role):
    page = make_role("Data Engineer")
    payload = page_to_payload(page)
    payload["year"] = 2027

    import_json(payload)

    draft = RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.title == "Data Engineer Jobs & Internships 2027"


def test_import_of_an_export_with_a_new_role_name_moves_a_generated_title(make_role):
    page = make_role("Data Engineer")
    payload = page_to_payload(page)
    payload["role_name"] = "Analytics Engineer"

    import_json(payload)

    draft = RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.title == "Analytics Engineer Jobs & Internships 2026"


def test_import_keeps_a_custom_title(make_role):
    page = make_role("Data Engineer", title=CUSTOM)
    payload = page_to_payload(page)
    payload["year"] = 2027

    import_json(payload)

    draft = RolePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (draft.title, draft.custom_title) == (CUSTOM, True)


# --- the model rule and its migration ----------------------------------------------------------


def test_a_revision_saved_before_the_flag_existed_keeps_its_custom_title(make_role):
    page = make_role("Data Engineer", title=CUSTOM)
    content = page.serializable_data()
    del content["custom_title"]
    old = page.with_content_json(content)
    old.year = 2027
    old.full_clean()
    assert old.title == CUSTOM


def test_a_page_saved_twice_in_memory_follows_each_time(make_role):
    page = make_role("Data Engineer")
    page.year = 2027
    page.save_revision()
    page.year = 2028
    page.save_revision()
    assert (page.title, page.custom_title) == ("Data Engineer Jobs & Internships 2028", False)


def test_the_migration_marks_titles_that_are_not_the_default_as_custom(make_role):
    generated = make_role("Data Engineer")
    typed = make_role("Analytics Engineer", title="Analytics at Example")
    RolePage.objects.update(custom_title=False)
    migration = importlib.import_module("careers.migrations.0007_role_title_follows_role")

    migration.mark_custom_titles(SimpleNamespace(get_model=lambda *_: RolePage), None)

    flags = dict(RolePage.objects.values_list("pk", "custom_title"))
    assert flags == {generated.pk: False, typed.pk: True}


# --- the check ---------------------------------------------------------------------------------


def title_findings(title, role_name="Data Engineer", year=2027):
    page = SimpleNamespace(title=title, role_name=role_name, year=year, intro="", body=[])
    return [(f.code, f.level) for f in checks.check_custom_title(page)]


def test_a_custom_title_naming_another_year_is_a_warning():
    assert title_findings("Data Engineer Careers 2026") == [("title-other-year", "warning")]


def test_a_custom_title_not_naming_the_role_is_a_warning():
    assert title_findings("Analytics Engineer Careers 2027") == [("title-other-role", "warning")]


def test_a_custom_title_naming_the_role_and_year_is_fine():
    assert title_findings("Careers for a data engineer, 2027") == []
    assert title_findings("Data Engineer Careers") == []


def test_the_generated_title_is_never_judged_custom():
    assert title_findings("Data Engineer Jobs & Internships 2027") == []


def test_the_title_check_runs_with_the_others():
    page = SimpleNamespace(
        title="Data Engineer Careers 2026", role_name="Data Engineer", year=2027, intro="", body=[]
    )
    codes = [f.code for f in checks.run_checks(page, current_year=2026)]
    assert "title-other-year" in codes


# --- generated headings ----------------------------------------------------------------------


def test_generated_headings_and_title_follow_a_renamed_role(client, token, make_role):
    page = make_role("Data Engineer")
    payload = {"role_name": "Analytics Engineer", "meta": {"action": "publish"}}
    response = client.patch(
        f"/api/v3/pages/{page.pk}/", payload, content_type="application/json", **auth(token)
    )
    assert response.status_code == 200, response.content

    html = client.get(RolePage.objects.get(pk=page.pk).url).content.decode()

    assert "<h1>Analytics Engineer Jobs &amp; Internships 2026</h1>" in html
    assert "What Does an Analytics Engineer Do?" in html
    assert "A Day in the Life of an Analytics Engineer" in html
