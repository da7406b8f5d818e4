"""Related roles on a role page: the editor's choice first, else suggestions."""

from __future__ import annotations

import importlib
import io
import re

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from careers.find import related
from careers.find.related import related_roles
from careers.models import RolePage
from careers.taxonomy import RelatedRole, RoleSkill
from tests.support.find import family, role_body
from tests.support.importing import DEMO, run, write


def related_names(html: str) -> list[str]:
    section = html.split('id="related-roles-heading"', 1)
    if len(section) < 2:
        return []
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section[1])


def indexed(page) -> set[str]:
    return set(RoleSkill.objects.filter(page_id=page.pk).values_list("key", flat=True))


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
    # Each suggestion says why, naming the shared skills in the page's order, and shows its pay.
    assert "Shares SQL, Airflow · Also in Data · Similar pay" in html
    assert "Shares Spark, Python · Similar pay" in html
    # "orchestration" and "modelling" are words, not skills: no card names them.
    assert "orchestration" not in html.split('id="related-roles-heading"', 1)[1]
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


def _related_queries(page) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        cards = related_roles(page)
        for card in cards:
            assert card.role.family.name == "Data"
            assert card.role.url
    return len(queries), cards


def test_related_roles_cost_the_same_queries_at_5_and_40_roles(make_role):
    data_family = family("data")
    costs = {}
    for count in (5, 40):
        made = len(RolePage.objects.all())
        pages = [
            make_role(f"Role {n:02d}", family=data_family, body=role_body(f"Role {n:02d}"))
            for n in range(made, count)
        ]
        page = RolePage.objects.get(pk=pages[-1].pk)
        assert page.url  # warms the site-root cache a running server has
        first, cards = _related_queries(page)
        assert len(cards) == 3
        stored, again = _related_queries(page)
        assert [card.role.pk for card in again] == [card.role.pk for card in cards]
        costs[count] = (first, stored)
    # The first render after a publish: skill frequencies, the best candidates, storing them,
    # then the editor's picks and the cards; every render after: only the last two (by
    # primary key). Whatever the number of roles.
    assert costs == {5: (5, 2), 40: (5, 2)}


def test_only_the_best_candidates_leave_the_database(make_role, monkeypatch):
    # Every role shares the page's skills and family: the database still returns at most
    # CANDIDATES rows, best first, and the cards are the same as ranking every role.
    data_family = family("data")
    pages = [
        make_role(
            f"Role {n:02d}",
            family=data_family,
            body=role_body(f"Role {n:02d}", top=n * 10000 + 200000),
        )
        for n in range(8)
    ]
    page = RolePage.objects.get(pk=pages[0].pk)
    everything = [card.role.role_name for card in related_roles(page)]
    seen = []
    real = related._candidates

    def spy(*args, **kwargs):
        rows = real(*args, **kwargs)
        seen.append(len(rows))
        return rows

    monkeypatch.setattr(related, "CANDIDATES", 3)
    monkeypatch.setattr(related, "_candidates", spy)
    page.suggested_roles = None  # as a publish leaves it: computed again
    assert [card.role.role_name for card in related_roles(page)] == everything
    assert seen == [3]


def test_the_index_follows_saves_and_publishing(make_role):
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["Python 3", "k8s"]))
    assert indexed(page) == {"kubernetes", "python"}
    page = RolePage.objects.get(pk=page.pk)
    page.body = role_body("Data Engineer", skills=["Kubernetes", "Terraform"])
    page.save_revision()
    # A draft leaves the live row, and so its index, alone.
    assert indexed(page) == {"kubernetes", "python"}
    page.get_latest_revision().publish()
    assert indexed(page) == {"kubernetes", "terraform"}
    page.delete()
    assert not RoleSkill.objects.exists()


def test_an_unchanged_save_costs_no_index_query(make_role):
    page = RolePage.objects.get(pk=make_role("Data Engineer").pk)
    with CaptureQueriesContext(connection) as queries:
        page.save()
    assert not [q for q in queries if "careers_roleskill" in q["sql"]]


# --- the demo roles ---------------------------------------------------------------------------

SECURITY = """Security Engineer Jobs & Internships 2026
Family: Infrastructure
Security engineers find and fix the weaknesses in products before attackers do.
What Does a Security Engineer Do?
They review designs, test defences and lead the response when something goes wrong.
Required Skills & Qualifications
- ✓Threat modelling and secure design reviews
- ✓Penetration testing and application security assessments
- ✓Cloud security on AWS: IAM policies and key management
- ✓Incident response and digital forensics
- ✓Python or Go for security automation
- ✓TLS, PKI and applied cryptography
Career Path & Salary Progression
Security Intern → Security Engineer I → Senior Security Engineer
| Level | Base Salary | Total Comp (with equity) | Intern Monthly |
|---|---|---|---|
| Intern | — | — | $7,000–$10,000/mo |
| Entry-Level (0–2 yrs) | $120,000–$160,000 | +10–25% in equity/bonus | — |
| Senior (5–8 yrs) | $190,000–$270,000 | +30–70% in equity/bonus | — |
Salary data sourced from Levels.fyi. 2026 estimates.
Apply for Security Engineer Roles
Send us your profile and we will match you with security teams that are hiring.
"""


@pytest.fixture
def demo_roles(careers_index, tmp_path):
    run(DEMO, "--publish")
    run(write(tmp_path, "security-engineer.txt", SECURITY), "--publish")
    return {page.role_name: page for page in RolePage.objects.child_of(careers_index).specific()}


def cards_of(page) -> dict[str, str]:
    return {card.role.role_name: card.reason for card in related_roles(page)}


def test_demo_roles_are_related_by_skills_not_by_words(demo_roles):
    assert len(demo_roles) == 6
    embedded = cards_of(demo_roles["Embedded Systems Engineer"])
    # "Secure boot" and "secure design" share a word, not a skill.
    assert "Security Engineer" not in embedded
    assert embedded == {"Site Reliability Engineer": "Shares Linux · Similar pay"}

    data = cards_of(demo_roles["Data Engineer"])
    assert data["Applied ML Engineer"] == (
        "Shares SQL, Python, Distributed data processing · Similar pay"
    )
    applied = cards_of(demo_roles["Applied ML Engineer"])
    assert applied["Data Engineer"].startswith("Shares SQL, Distributed data processing, Python")

    sre = cards_of(demo_roles["Site Reliability Engineer"])
    assert (
        sre["Security Engineer"]
        == "Shares Go, Python, Incident response and 1 more · Also in Infrastructure · Similar pay"
    )


def test_demo_role_pages_print_why_and_editors_still_win(client, demo_roles):
    data = demo_roles["Data Engineer"]
    html = client.get(data.url).content.decode()
    assert "Applied ML Engineer" in related_names(html)
    assert "Shares SQL, Python, Distributed data processing · Similar pay" in html

    embedded = demo_roles["Embedded Systems Engineer"]
    assert "Security Engineer" not in related_names(client.get(embedded.url).content.decode())
    RelatedRole.objects.create(page=embedded, role=demo_roles["Security Engineer"], sort_order=0)
    html = client.get(embedded.url).content.decode()
    assert related_names(html) == ["Security Engineer"]
    assert "Chosen by our editors" in html and "Shares" not in html


def test_pay_orders_related_roles_but_never_relates_them_alone(make_role):
    same_pay = dict(top=300000)
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["SQL"], **same_pay))
    make_role("Pianist", body=role_body("Pianist", skills=["Piano"], **same_pay))
    make_role("Analyst", body=role_body("Analyst", skills=["SQL"], top=90000))
    make_role(
        "Analytics Engineer", body=role_body("Analytics Engineer", skills=["SQL"], **same_pay)
    )
    page = RolePage.objects.get(pk=page.pk)
    assert cards_of(page) == {
        "Analytics Engineer": "Shares SQL · Similar pay",
        "Analyst": "Shares SQL",
    }
    assert [card.role.role_name for card in related_roles(page)][0] == "Analytics Engineer"


def test_ranking_reads_the_skill_index(make_role):
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["Python 3", "k8s"]))
    other = make_role("Platform Engineer", body=role_body("Platform", skills=["Kubernetes"]))
    assert RolePage.objects.get(pk=other.pk).skill_keys == "kubernetes"
    assert indexed(other) == {"kubernetes"}
    page = RolePage.objects.get(pk=page.pk)
    assert cards_of(page) == {"Platform Engineer": "Shares Kubernetes · Similar pay"}
    RoleSkill.objects.filter(page_id=other.pk).delete()
    RolePage.objects.filter(pk=other.pk).update(skill_keys="")
    page.save_revision().publish()  # the page's next publish ranks again
    assert cards_of(RolePage.objects.get(pk=page.pk)) == {}


def test_the_migration_fills_skill_keys_from_the_stored_skills_text(make_role):
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["Postgres", "Go"]))
    RolePage.objects.filter(pk=page.pk).update(skill_keys="")
    migration = importlib.import_module("careers.migrations.0009_role_skill_keys")
    migration.fill_skill_keys(django_apps, None)
    assert RolePage.objects.get(pk=page.pk).skill_keys == "postgresql go"


def test_the_migration_fills_the_index_from_the_stored_keys(make_role):
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["Postgres", "Go"]))
    RoleSkill.objects.all().delete()
    migration = importlib.import_module("careers.migrations.0010_role_skill_index")
    migration.fill_role_skills(django_apps, None)
    assert indexed(page) == {"go", "postgresql"}


def test_sync_without_knowing_the_rows_makes_them_match(make_role):
    page = make_role("Data Engineer", body=role_body("Data Engineer", skills=["Python", "Go"]))
    RoleSkill.sync(page.pk, "go rust")
    assert indexed(page) == {"go", "rust"}
    RoleSkill.sync(page.pk, "")
    assert indexed(page) == set()
    RoleSkill.sync(page.pk, "python", previous="")
    assert indexed(page) == {"python"}


def _data_roles(make_role, names, skills=("SQL", "Python")):
    data = family("data")
    return [
        make_role(name, family=data, body=role_body(name, skills=list(skills))) for name in names
    ]


def test_suggestions_stay_until_the_page_is_published_again(client, make_role):
    page, _ = _data_roles(make_role, ["Data Engineer", "Analyst"])
    assert related_names(client.get(page.url).content.decode()) == ["Analyst"]
    # A sibling published later is not suggested by a page already ranked...
    _data_roles(make_role, ["Analytics Engineer"])
    assert related_names(client.get(page.url).content.decode()) == ["Analyst"]
    # ...until that page is published again.
    page = RolePage.objects.get(pk=page.pk)
    page.save_revision().publish()
    assert related_names(client.get(page.url).content.decode()) == ["Analyst", "Analytics Engineer"]


def test_a_withdrawn_suggestion_leaves_its_place_to_the_next(client, make_role):
    page, *others = _data_roles(
        make_role, ["Data Engineer", "Role A", "Role B", "Role C", "Role D"]
    )
    assert related_names(client.get(page.url).content.decode()) == ["Role A", "Role B", "Role C"]
    others[0].unpublish()
    RolePage.objects.filter(pk=others[1].pk).update(role_name="Role B2")
    # Read at render: the withdrawn role is gone, the renamed one shows its new name.
    assert related_names(client.get(page.url).content.decode()) == ["Role B2", "Role C", "Role D"]


def test_refresh_related_ranks_every_live_page_again(client, make_role):
    page, _ = _data_roles(make_role, ["Data Engineer", "Analyst"])
    client.get(page.url)
    _data_roles(make_role, ["Analytics Engineer"])
    out = io.StringIO()
    call_command("refresh_related", stdout=out)
    assert "3 role page(s)" in out.getvalue()
    assert related_names(client.get(page.url).content.decode()) == ["Analyst", "Analytics Engineer"]


def test_refresh_related_costs_the_same_queries_per_page_at_5_and_12_roles(make_role):
    costs = {}
    for count in (5, 12):
        made = RolePage.objects.count()
        _data_roles(make_role, [f"Role {n:02d}" for n in range(made, count)])
        with CaptureQueriesContext(connection) as queries:
            call_command("refresh_related", stdout=io.StringIO())
        # Two queries to rank each page; the rest (ids, a load and an update per batch) fixed.
        costs[count] = len(queries) - 2 * count
    assert costs[5] == costs[12]
    assert RolePage.objects.filter(suggested_roles__isnull=True).count() == 0
