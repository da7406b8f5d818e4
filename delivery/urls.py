from django.urls import path, re_path

from delivery.frontend import example_frontend
from delivery.preview import preview_api

urlpatterns = [
    path("api/preview/", preview_api, name="headless_preview_api"),
    # The example front end (examples/preview-frontend/), served only when DEBUG is on.
    re_path(r"^preview-frontend/(?P<path>[\w.-]*)$", example_frontend, name="preview_frontend"),
]
