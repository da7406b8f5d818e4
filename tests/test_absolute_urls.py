"""Every absolute URL starts with the one configured base (SITE_URL), served on a non-default port.

The live server listens on a random port, as `make run PORT=…` would; the settings are the
ones `cms.settings.dev` derives from that run's SITE_URL. The default Site record is left at
the fixtures' ``localhost:80`` (stale) or pointed at the base by ``setup_site`` (synced): the
URLs must be right either way.
"""

import functools
import json
import os
import re
import urllib.request
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import APIToken, Site

import pytest
from bs4 import BeautifulSoup

from applications.models import Application
from careers.models import RolePage
from cms.siteurl import absolute_url
from delivery.models import WebhookEndpoint
from tests.support.applicants import form_data
from tests.support.delivery import Receiver
from tests.support.importing import PLATFORM
from tests.support.manage import manage, shell

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ("SITE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL")
URL = re.compile(r"https?://[^\s\"'<>]+")
# What a wrong base looks like: the stale Site record, or the default port instead of ours.
WRONG = ("http://localhost/", "http://localhost:80", "127.0.0.1:8000", "testserver")


@functools.cache  # one subprocess per port: the live server keeps its port for the session
def make_run_settings(site_url: str) -> dict:
    """The base URLs `cms.settings.dev` reads when `make run` passes SITE_URL for its port."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {DERIVED!r}}}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"WAGTAILADMIN_BASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", SITE_URL=site_url)
    result = shell(code, env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def urls_in(value) -> list[str]:
    """Every absolute URL in a JSON value, except schema.org's own vocabulary."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    if isinstance(value, str):
        return [url for url in URL.findall(value) if not url.startswith("https://schema.org")]
    return []


def assert_under(base: str, urls, where: str) -> None:
    urls = list(urls)
    assert urls, f"{where}: no absolute URLs found"
    wrong = [url for url in urls if not url.startswith(base + "/")]
    assert wrong == [], f"{where}: not under {base}: {wrong}"


@pytest.fixture(params=["stale site record", "synced site record"])
def served(request, live_server, settings, make_role, tmp_path):
    """A published role page on the live server, with `make run`'s settings for its port."""
    base = live_server.url
    assert not base.endswith(":8000") and not base.endswith(":80")
    derived = make_run_settings(base)
    assert derived == dict.fromkeys(DERIVED, base)
    for name, value in derived.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.RECRUITER_EMAIL = "recruiters@example.com"
    settings.APPLICATION_RATE_LIMIT = "1000/h"
    cache.clear()
    role = make_role("Applied ML Engineer")
    if request.param == "synced site record":
        call_command("setup_site", "--no-admin", stdout=StringIO())
        site = Site.objects.get(is_default_site=True)
        assert site.root_url == base
    else:
        assert Site.objects.get(is_default_site=True).root_url == "http://localhost"
    return base, role


@pytest.mark.live
def test_pages_carry_the_base_in_canonical_og_and_json_ld(served):
    base, role = served
    page_url = f"{base}/careers/{role.slug}/"
    html = get(page_url)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == page_url
    assert soup.find("meta", property="og:url")["content"] == page_url
    assert soup.find("meta", property="og:image")["content"].startswith(
        f"{base}/media/social-cards/"
    )
    json_ld = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    occupation = next(item for item in json_ld if item.get("@type") == "Occupation")
    assert occupation["mainEntityOfPage"]["url"] == page_url
    assert occupation["@id"] == f"{page_url}#occupation"
    assert_under(base, urls_in(json_ld), "role page JSON-LD")
    links = [tag["href"] for tag in soup.find_all("link") if "://" in tag["href"]]
    assert_under(base, links, "<link> tags")
    assert not [wrong for wrong in WRONG if wrong in html]

    home = BeautifulSoup(get(f"{base}/"), "html.parser")
    assert home.find("link", rel="canonical")["href"] == f"{base}/"
    home_ld = [json.loads(s.string) for s in home.find_all("script", type="application/ld+json")]
    assert_under(base, urls_in(home_ld), "home page JSON-LD")

    compare = BeautifulSoup(get(f"{base}/careers/compare/?roles={role.slug}"), "html.parser")
    share = compare.select_one(".share-link a")["href"]
    assert share == f"{base}/careers/compare/?roles={role.slug}"


@pytest.mark.live
def test_sitemap_and_robots_txt_name_the_base(served):
    base, role = served
    files = re.findall(r"<loc>(.*?)</loc>", get(f"{base}/sitemap.xml"))
    assert files == [f"{base}/sitemap-pages-1.xml"]
    locations = re.findall(r"<loc>(.*?)</loc>", get(files[0]))
    assert f"{base}/careers/{role.slug}/" in locations
    assert_under(base, locations, "sitemap-pages-1.xml")
    robots = get(f"{base}/robots.txt").splitlines()
    assert f"Sitemap: {base}/sitemap.xml" in robots


@pytest.mark.live
def test_api_v2_and_v3_detail_and_html_urls(served):
    base, role = served
    page_url = f"{base}/careers/{role.slug}/"
    v2 = json.loads(get(f"{base}/api/v2/pages/?type=careers.RolePage"))
    (item,) = v2["items"]
    assert item["meta"]["detail_url"] == f"{base}/api/v2/pages/{role.pk}/"
    assert item["meta"]["html_url"] == page_url
    detail = json.loads(get(item["meta"]["detail_url"]))
    assert detail["meta"]["html_url"] == page_url
    parent = detail["meta"]["parent"]["meta"]
    assert parent["html_url"] == f"{base}/careers/"
    assert parent["detail_url"] == f"{base}/api/v2/pages/{role.get_parent().pk}/"
    assert_under(base, urls_in(detail["meta"]), "API v2 meta")

    v3 = json.loads(get(f"{base}/api/v3/pages/"))
    (item,) = v3["items"]
    assert item["meta"]["detail_url"] == f"{base}/api/v3/pages/{role.pk}/"
    assert item["meta"]["html_url"] == page_url
    detail = json.loads(get(item["meta"]["detail_url"]))
    assert (detail["meta"]["detail_url"], detail["meta"]["html_url"]) == (
        item["meta"]["detail_url"],
        page_url,
    )


@pytest.mark.live
def test_webhook_payload_url(served):
    base, role = served
    receiver = Receiver().up()
    try:
        WebhookEndpoint.objects.create(url=receiver.url, secret="s" * 32)
        role.save_revision().publish()
        (request,) = receiver.acknowledged()
    finally:
        receiver.close()
    assert json.loads(request.body)["url"] == f"{base}/careers/{role.slug}/"


@pytest.mark.live
def test_push_roles_prints_the_pushed_pages_urls(served, django_user_model, tmp_path):
    base, _ = served
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    token = APIToken.create_token(user=user, name="push")[1]
    document = tmp_path / "platform-engineer.txt"
    document.write_text(PLATFORM)
    out = StringIO()
    call_command(
        "push_roles", str(document), "--url", base, "--token", token, "--publish", stdout=out
    )
    assert RolePage.objects.filter(slug="platform-engineer", live=True).exists()
    assert f"{base}/careers/platform-engineer/" in out.getvalue()
    assert not [wrong for wrong in WRONG if wrong in out.getvalue()]


@pytest.mark.live
def test_application_email_links(served):
    base, role = served
    response = Client().post(reverse("apply:form", kwargs={"slug": role.slug}), form_data())
    assert response.status_code == 302
    application = Application.objects.get()
    recruiter = next(m for m in mail.outbox if m.to == ["recruiters@example.com"])
    assert f"{base}/admin/applications/edit/{application.pk}/" in recruiter.body
    assert_under(base, URL.findall(recruiter.body), "recruiter email")


def test_setup_site_points_the_default_site_at_site_url(home, settings):
    settings.SITE_URL = "http://127.0.0.1:9101"
    out = StringIO()
    call_command("setup_site", "--no-admin", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 9101, settings.SITE_URL)
    assert "The default site now answers at http://127.0.0.1:9101 (SITE_URL)." in out.getvalue()
    settings.SITE_URL = "https://careers.example/"
    call_command("setup_site", "--no-admin", stdout=StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == (
        "careers.example",
        443,
        "https://careers.example",
    )
    again = StringIO()
    call_command("setup_site", "--no-admin", stdout=again)
    assert "answers at" not in again.getvalue()


@pytest.mark.parametrize(
    "value", ["careers.example", "ftp://careers.example", "https://careers.example/jobs/", ""]
)
def test_a_site_url_that_is_not_a_base_is_refused(settings, value):
    settings.SITE_URL = value
    with pytest.raises(ImproperlyConfigured, match=r"SITE_URL must be http\(s\)://host\[:port\]"):
        absolute_url("/careers/")


def test_absolute_url_keeps_absolute_media_urls(settings):
    settings.SITE_URL = "https://careers.example/"
    assert absolute_url("/careers/x/") == "https://careers.example/careers/x/"
    assert absolute_url("https://cdn.example/card.png") == "https://cdn.example/card.png"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ALLOWED_HOSTS": "careers.example,www.careers.example"}, "https://careers.example"),
        ({"ALLOWED_HOSTS": ".example", "SITE_URL": "https://jobs.example"}, "https://jobs.example"),
    ],
)
def test_production_reads_site_url_or_derives_it_from_the_first_allowed_host(env, expected):
    code = (
        "from django.conf import settings;"
        "print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL)"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "WAGTAILADMIN_BASE_URL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY="k" * 50, **env)
    result = shell(code, environment, check=False)
    assert result.stdout.split() == [expected] * 3, result.stderr


def test_production_refuses_a_pattern_host_without_site_url():
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS=".careers.example",
    )
    result = manage("check", env=environment, check=False)
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr
