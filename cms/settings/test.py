"""Test runs: fast hashing, plain static storage, in-memory email."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The fixtures' Site record is localhost:80 (tests/conftest.py): the base agrees with it.
SITE_URL = "http://localhost"
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILADMIN_BASE_URL = "http://testserver"
# Browser tests load pages from a live server: serve static files straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if not REDIS_URL:  # noqa: F405
    # One test process: keep page-cache tags in memory (tests/conftest.py clears them).
    CACHES["pagecache_tags"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pagecache-tags",
    }
# Off unless a test turns it on (tests/test_cache_*.py): query-count tests elsewhere request a
# page twice and must measure the render, not a cache hit.
PAGECACHE_ENABLED = env_bool("PAGECACHE", False)  # noqa: F405
# The delivery tests' receiver listens on 127.0.0.1 (tests/test_delivery_ssrf.py turns it off).
WEBHOOK_ALLOW_PRIVATE_TARGETS = True
