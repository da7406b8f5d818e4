"""Related roles on a role page: the editor's choice first, else suggestions."""

from __future__ import annotations

import re

import pytest

from careers.find.related import related_roles
from careers.models import RolePage
from careers.taxonomy import RelatedRole
from tests.support.find import family, role_body


def related_names(html: str) -> list[str]:
    section = html.split('id="related-roles-heading"', 1)
    if len(section) < 2:
        return []
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section[1])


@pytest.fixture
def roles(make_role):
    data = family("data")
    ml = family("machine-learning")
    made = {}
    specs = [
        ("Data Engineer", data, ["SQL", "Apache Spark", "Airflow orchestration", "Python"]),
        ("Analytics Engineer", data, ["SQL", "dbt modelling", "Airflow orchestration"]),
        ("Data Analyst", data, ["SQL", "Dashboards in Looker"]),
        ("ML Engineer", ml, ["Python", "PyTorch", "Apache Spark"]),
        ("UX Researcher", None, ["Interviewing", "Usability studies"]),
    ]
    for name, role_family, skills in specs:
        made[name] = make_role(name, family=role_family, body=role_body(name, skills=skills))
    return made


def test_suggestions_rank_shared_skills_and_family(client, roles):
    html = client.get(roles["Data Engineer"].url).content.decode()
    assert related_names(html) == ["Analytics Engineer", "ML Engineer", "Data Analyst"]
    # Each suggestion says why and shows its pay.
    assert "Also in Data; Shares skills: Airflow, orchestration, SQL" in html
    section = html.split('id="related-roles-heading"', 1)[1]
    assert "$117,000–$351,000" in section


def test_a_role_with_nothing_in_common_gets_no_suggestions(client, roles):
    html = client.get(roles["UX Researcher"].url).content.decode()
    assert related_names(html) == []
    assert "Related roles" not in html


def test_editor_choice_wins_and_keeps_its_order(client, roles):
    page = roles["Data Engineer"]
    for order, name in enumerate(["UX Researcher", "Data Analyst"]):
        RelatedRole.objects.create(page=page, role=roles[name], sort_order=order)
    html = client.get(page.url).content.decode()
    assert related_names(html) == ["UX Researcher", "Data Analyst"]
    assert "Chosen by our editors" in html


def test_unpublished_choices_are_skipped(client, roles):
    page = roles["Data Engineer"]
    hidden = roles["Data Analyst"]
    RelatedRole.objects.create(page=page, role=hidden, sort_order=0)
    RelatedRole.objects.create(page=page, role=roles["UX Researcher"], sort_order=1)
    hidden.unpublish()
    assert related_names(client.get(page.url).content.decode()) == ["UX Researcher"]


def test_preview_uses_unsaved_choices(roles):
    page = RolePage.objects.get(pk=roles["Data Engineer"].pk)
    page.related_role_links = [RelatedRole(role=roles["UX Researcher"], sort_order=0)]
    assert [card.role.role_name for card in related_roles(page)] == ["UX Researcher"]


@pytest.mark.parametrize("count", [5, 25])
def test_related_roles_cost_two_queries_whatever_the_number_of_roles(
    make_role, django_assert_max_num_queries, count
):
    data_family = family("data")
    pages = [
        make_role(f"Role {n:02d}", family=data_family, body=role_body(f"Role {n:02d}"))
        for n in range(count)
    ]
    page = RolePage.objects.get(pk=pages[0].pk)
    assert page.url  # warms the site-root cache a running server has
    with django_assert_max_num_queries(2):
        cards = related_roles(page)
        for card in cards:
            assert card.role.family.name == "Data"
            assert card.role.url
    assert len(cards) == 3
