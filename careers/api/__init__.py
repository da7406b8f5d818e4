"""The headless API for role pages: views, generated schemas, write validation, filters.

``cms.api`` mounts it: Wagtail's API v2 (read) at ``/api/v2/`` and a django-ninja API v3
(typed OpenAPI, token-authenticated writes) at ``/api/v3/``. Pages become JSON in
``careers.serializers``, from the blocks' own representations. See ``docs/api.md``.
"""
