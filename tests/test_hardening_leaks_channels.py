"""Site search and webhook payloads never reveal drafts, expired or restricted pages."""

import json
import re

from delivery.models import WebhookDelivery, WebhookEndpoint
from tests.support.leaks import HIDDEN_NAMES, SECRET


def test_site_search_finds_only_public_live_roles(client, hidden_pages):
    response = client.get("/search/?q=Role")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changed Role" in html
    assert SECRET not in html
    for name in HIDDEN_NAMES:
        assert name not in html, name


def test_webhooks_never_carry_drafts_or_private_pages(db, make_role, hidden_pages):
    WebhookEndpoint.objects.create(
        url="http://127.0.0.1:9/hook", secret="s" * 32, events="published,unpublished,deleted"
    )
    WebhookDelivery.objects.all().delete()

    draft = make_role("Another Draft", publish=False)
    draft.intro = f"{SECRET} in a draft"
    draft.save_revision()  # saving a draft announces nothing
    assert not WebhookDelivery.objects.exists()

    restricted = hidden_pages["password"]
    restricted.intro = f"{SECRET} behind a password"
    restricted.save_revision().publish()  # a private page's publish is not announced
    assert not WebhookDelivery.objects.filter(page_id=restricted.id).exists()

    public = hidden_pages["changed"]
    public.save_revision().publish()
    delivery = WebhookDelivery.objects.get(page_id=public.id)
    payload = json.loads(delivery.payload)
    assert set(payload) == {"event", "id", "type", "slug", "url", "revision_id", "timestamp"}
    assert SECRET not in delivery.payload


def test_sitemap_lists_only_public_live_pages(client, hidden_pages):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    files = re.findall(
        r"<loc>http://localhost(/sitemap-pages-\d+\.xml)</loc>", index.content.decode()
    )
    assert files == ["/sitemap-pages-1.xml"]
    response = client.get(files[0])
    assert response.status_code == 200
    xml = response.content.decode()
    assert "/careers/changed-role/" in xml
    for slug in ("draft-only-role", "expired-role", "password-role", "members-role"):
        assert f"/careers/{slug}/" not in xml, slug
