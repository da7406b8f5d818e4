"""Search and social metadata: schema.org JSON-LD and <head> tags, from the typed content.

The builders at the top are pure: they take plain values (strings, numbers, the typed
salary table) and return dicts ready for `json.dumps`. The adapters at the bottom read a
page, the request and the site settings and feed the builders; templates only print the
result (`careers/templatetags/seo_tags.py`). Nothing here re-derives a salary figure: the
numbers come from `SalaryTableValue` rows, the labels from `careers.facts`.

Every type and property used is defined by schema.org (release 30.0, checked in
tests/test_seo_jsonld.py). One subtlety: `MonetaryAmountDistribution` has `currency` and
`duration` but no `minValue`/`maxValue` (those belong to `MonetaryAmount` and
`QuantitativeValue`). A salary level is therefore typed as both
`["MonetaryAmountDistribution", "MonetaryAmount"]` — schema.org allows an entity to have
several types, and `estimatedSalary` accepts either — so the range, its currency and its
period are all expressed with defined properties.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote, urljoin

from careers.facts.site import organisation_name
from careers.facts.text import plain_text
from careers.models import RolePage
from careers.seo import social
from cms.siteurl import page_url, root_url_for
from home.models import HomePage

SCHEMA_CONTEXT = "https://schema.org"
DESCRIPTION_MAX = 160
YEARLY = "P1Y"
MONTHLY = "P1M"
SALARY_TYPES = ["MonetaryAmountDistribution", "MonetaryAmount"]


# --- text -------------------------------------------------------------------------------


def truncate_words(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"


def meta_description(search_description: str, intro: str, fallback: str = "") -> str:
    """The editor's search description if there is one, else the intro, shortened."""
    chosen = " ".join((search_description or "").split())
    if chosen:
        return chosen
    return truncate_words(plain_text(intro) or fallback)


# --- schema.org builders ----------------------------------------------------------------


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its name, absolute URL (JSON-LD) and link (HTML)."""

    name: str
    url: str
    path: str = ""


def breadcrumb_list(crumbs: Sequence[Crumb], node_id: str | None = None) -> dict:
    data = {"@context": SCHEMA_CONTEXT, "@type": "BreadcrumbList"}
    if node_id:
        data["@id"] = node_id
    data |= {
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": crumb.url}
            for position, crumb in enumerate(crumbs, 1)
        ],
    }
    return data


def _range(kind: list[str], name: str, currency: str, duration: str, low, high) -> dict:
    amount = {"@type": kind, "name": name, "currency": currency, "duration": duration}
    if low is not None:
        amount["minValue"] = low
    if high is not None:
        amount["maxValue"] = high
    return amount


def estimated_salaries(table) -> list[dict]:
    """One salary range per level and kind of pay, from a `SalaryTableValue`.

    Base salary is per year (P1Y); intern pay is per month (P1M). Levels without figures of
    a kind are left out rather than written as empty ranges.
    """
    if table is None:
        return []
    currency = table.currency
    salaries = []
    for row in table.get("rows") or []:
        if row.has_base:
            salaries.append(
                _range(
                    SALARY_TYPES,
                    f"{row.level_display} — base salary",
                    currency,
                    YEARLY,
                    row.get("base_min"),
                    row.get("base_max"),
                )
            )
        if row.has_intern_pay:
            salaries.append(
                _range(
                    SALARY_TYPES,
                    f"{row.level_display} — monthly pay",
                    currency,
                    MONTHLY,
                    row.get("intern_monthly_min"),
                    row.get("intern_monthly_max"),
                )
            )
    return salaries


def occupation(
    *,
    name: str,
    description: str,
    url: str,
    page_title: str,
    skills: Iterable[str] = (),
    salaries: Sequence[dict] = (),
    last_reviewed: date | datetime | None = None,
    breadcrumb_id: str | None = None,
    occupational_category: str | None = None,
) -> dict:
    """schema.org Occupation, with the web page about it as `mainEntityOfPage`."""
    web_page = {"@type": "WebPage", "@id": url, "url": url, "name": page_title}
    if last_reviewed is not None:
        reviewed = last_reviewed.date() if isinstance(last_reviewed, datetime) else last_reviewed
        web_page["lastReviewed"] = reviewed.isoformat()
    if breadcrumb_id:
        web_page["breadcrumb"] = {"@id": breadcrumb_id}
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Occupation",
        "@id": f"{url}#occupation",
        "name": name,
        "description": description,
        "mainEntityOfPage": web_page,
    }
    if occupational_category:
        data["occupationalCategory"] = occupational_category
    skills = [skill for skill in skills if skill]
    if skills:
        data["skills"] = skills
    if salaries:
        data["estimatedSalary"] = list(salaries)
    return data


def faq_page(questions: Iterable[tuple[str, str]], url: str) -> dict | None:
    """schema.org FAQPage from (question, plain-text answer) pairs; None when there are none."""
    entities = [
        {
            "@type": "Question",
            "name": question,
            "acceptedAnswer": {"@type": "Answer", "text": answer},
        }
        for question, answer in questions
        if question and answer
    ]
    if not entities:
        return None
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "url": url,
        "mainEntity": entities,
    }


def organization(*, name: str, url: str, logo_url: str = "", email: str = "") -> dict:
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Organization",
        "@id": f"{url}#organization",
        "name": name,
        "url": url,
    }
    if logo_url:
        data["logo"] = logo_url
    if email:
        data["email"] = email
    return data


def website(*, name: str, url: str, description: str = "") -> dict:
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "@id": f"{url}#website",
        "name": name,
        "url": url,
        "publisher": {"@id": f"{url}#organization"},
    }
    if description:
        data["description"] = description
    return data


_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: dict) -> str:
    """JSON safe to print inside <script type="application/ld+json"> (no `</script>` escape)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


# --- adapters: pages, requests and settings in, metadata out ----------------------------


@dataclass
class HeadMetadata:
    """Everything the <head> prints for one page: tags and JSON-LD, already decided."""

    title: str
    description: str
    site_name: str
    canonical: str = ""
    og_type: str = "website"
    image_url: str = ""
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0
    noindex: bool = False
    json_ld: list[dict] = field(default_factory=list)

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image_url else "summary"

    @property
    def json_ld_scripts(self) -> list[str]:
        return [script_json(data) for data in self.json_ld]


def breadcrumbs_for(page, request) -> list[Crumb]:
    """Home → … → this page, with absolute URLs; cached on the page object.

    The visible breadcrumb and the BreadcrumbList print this same list.
    """
    cached = getattr(page, "_seo_breadcrumbs", None)
    if cached is not None:
        return cached
    # The site root (depth 2: one home page per site, see home.HomePage) needs no query: its
    # URL is the site's root. Pages between it and this one are fetched with get_parent(),
    # which treebeard caches on the page for the template's other uses.
    url_parts = page.get_url_parts(request)
    root_url = root_url_for(url_parts[0], url_parts[1], request) if url_parts else ""
    crumbs = [Crumb("Home", root_url + "/", "/")]
    between = []
    node = page
    while node.depth > 3:
        node = node.get_parent()
        between.insert(0, node)
    for ancestor in between:
        crumbs.append(
            Crumb(ancestor.title, page_url(ancestor, request), ancestor.get_url(request) or "")
        )
    family = getattr(page, "family", None) if getattr(page, "family_id", None) else None
    if family is not None and crumbs:
        # The role's family, as the careers index filters it (docs/finding-roles.md).
        query = f"?family={quote(family.slug)}"
        crumbs.append(Crumb(family.name, crumbs[-1].url + query, crumbs[-1].path + query))
    name = getattr(page, "role_name", "") or page.title
    crumbs.append(Crumb(name, page_url(page, request), page.get_url(request) or ""))
    page._seo_breadcrumbs = crumbs
    return crumbs


def family_category(page) -> str | None:
    """The role family's O*NET-SOC code, where the family maps to one."""
    family = getattr(page, "family", None)
    return family.json_ld_category if family is not None else None


def role_page_json_ld(page, request) -> list[dict]:
    """Occupation, FAQPage and BreadcrumbList for a role page."""
    url = page_url(page, request)
    breadcrumb_id = f"{url}#breadcrumb"
    skills = [item for value in page.blocks_of("skills") for item in value.get("items") or []]
    questions = [
        (item.get("question"), plain_text(item.get("answer")))
        for value in page.blocks_of("faq")
        for item in value.get("items") or []
    ]
    data = [
        occupation(
            name=page.role_name,
            description=plain_text(page.intro),
            url=url,
            page_title=page.seo_title or page.title,
            skills=skills,
            salaries=estimated_salaries(page.salary_table),
            last_reviewed=page.last_published_at,
            breadcrumb_id=breadcrumb_id,
            occupational_category=family_category(page),
        )
    ]
    faq = faq_page(questions, url)
    if faq:
        data.append(faq)
    data.append(breadcrumb_list(breadcrumbs_for(page, request), breadcrumb_id))
    return data


def home_page_json_ld(page, request, careers_settings) -> list[dict]:
    url = page_url(page, request)
    logo = getattr(careers_settings, "logo", None)
    name = organisation_name(careers_settings)
    return [
        website(
            name=name,
            url=url,
            description=meta_description(page.search_description, getattr(page, "intro", "")),
        ),
        organization(
            name=name,
            url=url,
            logo_url=urljoin(url, logo.file.url) if logo else "",
            email=careers_settings.contact_email,
        ),
    ]


def head_for(page, request, careers_settings) -> HeadMetadata:
    """The <head> metadata for any page (or none: 404 and error pages)."""
    site_name = organisation_name(careers_settings)
    if page is None:
        return HeadMetadata(
            title="Page not found",
            description=f"This page does not exist on the {site_name} careers site.",
            site_name=site_name,
            noindex=True,
        )
    meta = HeadMetadata(
        title=page.seo_title or page.title,
        description=meta_description(
            page.search_description,
            getattr(page, "intro", ""),
            fallback=f"{page.title} — {site_name}",
        ),
        site_name=site_name,
        canonical=page_url(page, request),
    )

    if isinstance(page, RolePage):
        meta.og_type = "article"
        meta.json_ld = role_page_json_ld(page, request)
        card = social.card_for_page(page, site_name)
        meta.image_url = urljoin(meta.canonical, card.url)
        meta.image_alt = card.alt_text
        meta.image_width, meta.image_height = card.size
    elif isinstance(page, HomePage):
        meta.json_ld = home_page_json_ld(page, request, careers_settings)
    else:
        meta.json_ld = [breadcrumb_list(breadcrumbs_for(page, request))]
    return meta
