"""Production: everything deployment-specific comes from the environment; no secret, no start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.") from exc
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must not be empty in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Every absolute URL (canonical, sitemap, API, webhooks, emails) starts with SITE_URL
# (cms/siteurl.py); without it, https:// and the first allowed host.
SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL:
    if not ALLOWED_HOSTS or ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]:
        raise ImproperlyConfigured(
            "SITE_URL must be set when the first ALLOWED_HOSTS entry is not a plain host name."
        )
    SITE_URL = f"https://{ALLOWED_HOSTS[0]}"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAILAPI_BASE_URL = SITE_URL

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The admin reads its CSRF token from the page, not the cookie, so scripts never need it.
CSRF_COOKIE_HTTPONLY = True

# Webhook deliveries survive restarts and retry later: run `python manage.py db_worker --backend webhooks`.
TASKS["webhooks"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}  # noqa: F405
