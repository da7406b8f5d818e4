"""Local development: DEBUG on, a fixed insecure key, every host allowed."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# `make run`: a front end on localhost or the LAN receives webhooks.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", True)  # noqa: F405
# The site's own 404 page; 1 shows Django's debug 404 with every URL pattern instead.
DEBUG_404_PATTERNS = env_bool("DEBUG_404_PATTERNS", False)  # noqa: F405
