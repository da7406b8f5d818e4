"""URLs for search and comparison; included before Wagtail's catch-all page serving."""

from django.urls import path

from careers.find import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("careers/compare/", views.compare_roles, name="compare_roles"),
]
