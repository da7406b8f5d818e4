"""Settings shared by every environment; environment-specific files override them."""

import os
from pathlib import Path

import dj_database_url

from .scaling import caches, database_pool, frontend_cache, media_storage

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


INSTALLED_APPS = [
    "home",
    "careers",
    "pagecache",
    "wagtail.contrib.frontend_cache",
    "delivery",
    "applications",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    # Serves Swagger UI for /api/v3/docs/ from our static files instead of a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "wagtail_headless_preview",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware, as its docs say: static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers requires; it only acts on CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "cms.security.SecurityHeadersMiddleware",
    # Before the page cache: a query the input rules refuse is answered 400, never cached.
    "cms.security.ApiInputMiddleware",
    # Inside the security headers (hits get them too); a hit skips sessions, auth, CSRF, SQL.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # DEBUG only (`make run`): the site's own 404 instead of Django's URL listing (cms/views.py).
    "cms.views.FriendlyNotFoundMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so its process_exception sees database errors from views first.
    "cms.security.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# The environment decides the database: SQLite file by default, PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; a busy timeout turns lock contention into waiting.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# DB_POOL=1 (or MIN,MAX): psycopg's connection pool, PostgreSQL only (docs/scaling.md).
DATABASES["default"] = database_pool(DATABASES["default"])

# Parallel test runs against one PostgreSQL need distinct test databases.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# default + pagecache_tags (never evicted) apart from pagecache, the evictable stored responses.
CACHES = caches(REDIS_URL, BASE_DIR / "var" / "pagecache-tags")
if CACHES["pagecache_tags"]["BACKEND"].endswith(".FileBasedCache"):
    # Without Redis: the file store without the per-write directory cull (pagecache/tags.py).
    CACHES["pagecache_tags"]["BACKEND"] = "pagecache.tags.TagFileCache"

# CDN / reverse-proxy purge on publish; off unless configured (docs/scaling.md).
# (pagecache.signals purges API details itself: Wagtail's v2 handler assumes another URL name.)
WAGTAILFRONTENDCACHE = frontend_cache()

# Page/API response cache (pagecache/, docs/scaling.md): never stale, so safe by default.
PAGECACHE_ENABLED = env_bool("PAGECACHE", True)
PAGECACHE_TAGS_CACHE = "pagecache_tags"
PAGECACHE_CACHE = "pagecache"
# API responses are stored only for these page sizes (docs/scaling.md); others are served.
PAGECACHE_API_LIMITS = [
    int(limit) for limit in env_list("PAGECACHE_API_LIMITS", ["10", "20", "50"])
]
PAGECACHE_TIMEOUT = int(os.environ.get("PAGECACHE_TIMEOUT", "3600"))
# >0 lets a CDN keep responses this many seconds; pair it with WAGTAILFRONTENDCACHE purges.
PAGECACHE_SHARED_MAX_AGE = int(os.environ.get("PAGECACHE_SHARED_MAX_AGE", "0"))
# The sitemap index and its files (careers/seo/sitemaps.py) depend on every page: cache them.
PAGECACHE_PAGE_PREFIXES = env_list(
    "PAGECACHE_PAGE_PREFIXES", ["/careers/", "/sitemap.xml", "/sitemap-pages-"]
)
PAGECACHE_API_PREFIXES = env_list("PAGECACHE_API_PREFIXES", ["/api/v2/", "/api/v3/"])

# URLs per sitemap file (the sitemaps.org limit is 50,000); /sitemap.xml indexes the files.
SITEMAP_MAX_URLS = int(os.environ.get("SITEMAP_MAX_URLS", "50000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# AWS_STORAGE_BUCKET_NAME switches media to S3-compatible storage (optional extra "s3").
STORAGES["default"] = media_storage(STORAGES["default"])

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "careers-cms")
# The public base URL every absolute URL starts with (cms/siteurl.py); `make run` passes its
# own port, production defaults to https:// and the first ALLOWED_HOSTS entry.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The admin's links (emails, Wagtail's notifications): the site's base unless it lives elsewhere.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILAPI_BASE_URL = SITE_URL  # v2 detail_url
# Listings of 50 roles are a benchmarked use (issue 9); query counts do not grow with it.
WAGTAILAPI_LIMIT_MAX = int(os.environ.get("WAGTAILAPI_LIMIT_MAX", "50"))
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Group-restricted pages send visitors to a login page that exists.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
# No avatars from a third-party host in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Headers every environment sends; production adds HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DENY everywhere; Wagtail's preview views opt themselves back in to SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "careers@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Applications (docs/applications.md): private résumés, recruiter inbox, submission limit.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
RECRUITER_EMAIL = os.environ.get("RECRUITER_EMAIL", "")
APPLICATION_RATE_LIMIT = os.environ.get("APPLICATION_RATE_LIMIT", "5/h")
APPLICATION_TRUSTED_PROXIES = int(os.environ.get("APPLICATION_TRUSTED_PROXIES", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One record, one line: quoted input cannot forge log lines (cms/logformat.py).
    "formatters": {"single_line": {"()": "cms.logformat.SingleLineFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "single_line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "careers": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "applications": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Headless delivery (delivery app; docs/webhooks.md, docs/preview.md) ----------------------
# Webhook deliveries run on their own task backend so Wagtail's own tasks keep the default one.
# Production overrides "webhooks" with the database backend (worker: db_worker --backend webhooks).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
CAREERS_WEBHOOKS = {
    "MAX_ATTEMPTS": int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8")),
    "BACKOFF_SECONDS": int(os.environ.get("WEBHOOK_BACKOFF_SECONDS", "60")),
    "BACKOFF_FACTOR": float(os.environ.get("WEBHOOK_BACKOFF_FACTOR", "2")),
    "MAX_BACKOFF_SECONDS": int(os.environ.get("WEBHOOK_MAX_BACKOFF_SECONDS", "21600")),
    "TIMEOUT_SECONDS": float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10")),
}
# Approving a review publishes the revision the reviewer saw, not a draft saved since.
WAGTAIL_FINISH_WORKFLOW_ACTION = "careers.editorial.workflow.publish_reviewed_revision"
# Webhooks may target loopback and private addresses only when this is on (development):
# otherwise an endpoint could reach internal services (docs/webhooks.md, "Safe targets").
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# Per-site headless preview client: "default" or a site hostname -> front-end URL.
# Env: HEADLESS_PREVIEW_CLIENT_URLS="default=https://front.example/preview,b.example=https://…"
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": dict(
        item.split("=", 1)
        for item in env_list("HEADLESS_PREVIEW_CLIENT_URLS", ["default=/preview-frontend/"])
    ),
}
HEADLESS_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_TOKEN_MAX_AGE", "3600"))
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
