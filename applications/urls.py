from django.urls import path

from applications import views

app_name = "apply"

urlpatterns = [
    path("careers/<slug:slug>/apply/", views.apply, name="form"),
    path("careers/<slug:slug>/apply/thanks/", views.thanks, name="thanks"),
    path("api/applications/", views.api_submit, name="api"),
]
