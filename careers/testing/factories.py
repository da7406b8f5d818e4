"""Factories for tests, benchmarks and fixtures: complete, valid role pages by default."""

from __future__ import annotations

from django.utils.text import slugify

import factory
import wagtail_factories

from careers.models import CareersIndexPage, RolePage
from careers.testing.blocks import faq, salary_table
from home.models import HomePage


def sample_body(role_name: str = "Data Engineer", link_page_ids: tuple[int, ...] = ()) -> list:
    """A full role-page body as (block name, value) pairs: every block kind once."""
    links = "".join(
        f' See <a linktype="page" id="{pid}">related role {n}</a>.'
        for n, pid in enumerate(link_page_ids, 1)
    )
    return [
        (
            "overview",
            {"heading": "", "body": f"<p>{role_name}s build dependable systems.{links}</p>"},
        ),
        (
            "skills",
            {"heading": "", "items": ["Python and SQL", "Distributed data processing", "Testing"]},
        ),
        (
            "day_in_the_life",
            {"heading": "", "body": f"<p>Your morning starts with a review.{links}</p>"},
        ),
        (
            "career_path",
            {
                "heading": "",
                "steps": [
                    f"{role_name} Intern",
                    f"{role_name} I",
                    f"{role_name} II",
                    f"Senior {role_name}",
                ],
            },
        ),
        ("salary_table", salary_table()),
        ("apply", {"heading": "", "text": "", "button_label": "Submit your profile"}),
        (
            "faq",
            faq(
                (f"What does {role_name} work involve?", f"<p>Building things.{links}</p>"),
                ("How do I prepare for interviews?", "<p>Practise end to end projects.</p>"),
            ),
        ),
        ("text", {"heading": "Where the work happens", "body": f"<p>Everywhere.{links}</p>"}),
    ]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Careers"

    class Meta:
        model = HomePage


class CareersIndexPageFactory(wagtail_factories.PageFactory):
    title = "Careers"
    slug = "careers"
    intro = "Roles we hire for, what they pay and how to apply."

    class Meta:
        model = CareersIndexPage


class RolePageFactory(wagtail_factories.PageFactory):
    role_name = factory.Sequence(lambda n: f"Data Engineer {n}")
    year = 2026
    title = factory.LazyAttribute(lambda o: f"{o.role_name} Jobs & Internships {o.year}")
    slug = factory.LazyAttribute(lambda o: slugify(o.role_name))
    intro = factory.LazyAttribute(lambda o: f"{o.role_name}s turn raw data into products.")
    body = factory.LazyAttribute(lambda o: sample_body(o.role_name))

    class Meta:
        model = RolePage
