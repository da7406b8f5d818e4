"""`manage.py setup_site` builds the site skeleton and can run again safely."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Site

from careers.models import CareersIndexPage
from home.models import HomePage


def run(**kwargs):
    out = StringIO()
    call_command("setup_site", stdout=out, **kwargs)
    return out.getvalue()


def test_setup_site_creates_home_careers_site_and_admin(db, tmp_path, settings, monkeypatch):
    monkeypatch.setattr(
        "careers.management.commands.setup_site.ADMIN_PASSWORD_FILE", tmp_path / "pw.txt"
    )
    output = run()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    index = CareersIndexPage.objects.get()
    assert index.url == "/careers/"
    admin = get_user_model().objects.get(username="admin")
    password = (tmp_path / "pw.txt").read_text().strip()
    assert admin.check_password(password)
    assert f"admin / {password}" in output


def test_setup_site_twice_changes_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "careers.management.commands.setup_site.ADMIN_PASSWORD_FILE", tmp_path / "pw.txt"
    )
    run()
    run()
    assert HomePage.objects.count() == 1
    assert CareersIndexPage.objects.count() == 1
    assert Site.objects.count() == 1
    assert get_user_model().objects.count() == 1
