"""Script and event-handler injection typed into the admin's rich text is neutralised."""

import json

from django.urls import reverse

from bs4 import BeautifulSoup

from careers.models import RolePage
from careers.testing.factories import sample_body
from tests.support.formdata import role_page_form_data


def contentstate(text, url=None):
    entity_ranges, entity_map = [], {}
    if url:
        entity_ranges = [{"offset": 0, "length": len(text), "key": 0}]
        entity_map = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}}
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": entity_ranges,
                    "data": {},
                }
            ],
            "entityMap": entity_map,
        }
    )


def test_scripts_and_javascript_links_typed_in_the_admin_never_reach_the_page(
    admin_client, careers_index, client
):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    body = sample_body("Data Engineer")
    data = role_page_form_data(
        "Data Engineer", 2026, f"Intro {payload}", body, title=f"Data {payload}"
    )
    # Replace two rich-text values with hostile content: raw markup as text, and a js: link.
    data["body-0-value-body"] = contentstate(payload)
    data["body-2-value-body"] = contentstate("click me", url="javascript:alert(document.cookie)")
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["careers", "rolepage", careers_index.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()

    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert all(s.get("src") for s in scripts)
    assert not soup.find_all("img", attrs={"onerror": True})
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript:")]
    # The text itself survives, escaped, so the editor sees what they typed.
    assert "&lt;script&gt;" in html
