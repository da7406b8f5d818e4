"""Shared fixtures: a real site tree (home → /careers/) in the test database."""

from django.conf import settings
from django.core.cache import caches

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

import pytest

from careers.testing.factories import (
    CareersIndexPageFactory,
    HomePageFactory,
    RolePageFactory,
    sample_body,
)


@pytest.fixture(autouse=True)
def _empty_caches():
    # Page ids are reused after each test's rollback: cached responses must not outlive it.
    for cache in caches.all():
        cache.clear()
    yield


def ensure_wagtail_base_data():
    """The rows Wagtail's migrations create; a transactional test's flush removes them."""
    # Wagtail looks the default locale up by its supported variant ("en" for "en-us").
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (root page, locale, groups).

    A transactional test ends with a flush. Mixing serialized and plain transactional tests
    breaks both (the plain flush re-creates content types the serialized restore then
    duplicates), so all of them use serialized rollback.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        transactional = bool(fixtures & {"transactional_db", "live_server"}) or bool(
            marker and marker.kwargs.get("transaction")
        )
        if transactional or "django_db_serialized_rollback" in fixtures:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture
def home(db):
    root = ensure_wagtail_base_data()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, title="Careers in tech", slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def careers_index(home):
    return CareersIndexPageFactory(parent=home)


@pytest.fixture
def make_role(careers_index):
    """Create and publish a role page; keyword arguments override the factory's."""

    def make(role_name="Data Engineer", publish=True, **kwargs):
        kwargs.setdefault("body", sample_body(role_name))
        if not publish:
            # A page that was never published: not live, only a draft revision.
            kwargs.setdefault("live", False)
        page = RolePageFactory(parent=careers_index, role_name=role_name, **kwargs)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def role_page(make_role):
    return make_role("Applied ML Engineer")


# Review-workflow people (reviewed_index, editor, reviewer) shared by admin and API tests.
pytest_plugins = ["tests.support.leaks", "tests.support.workflow"]
