"""Recruiters' admin: the listing, filters, export, editing status and notes, résumé download."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from applications.models import Application, Status, Track
from applications.resume import CONTENT_TYPES
from careers.models import RolePage

DOWNLOAD_PERMISSION = "applications.download_resume"
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Standard model permissions, except that nobody creates applications in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def can_download(user) -> bool:
    return bool(user and user.is_active and user.has_perm(DOWNLOAD_PERMISSION))


@never_cache
def download_resume(request, pk):
    """The only way a résumé leaves the private storage: signed-in, permitted, logged."""
    if not can_download(request.user):
        raise PermissionDenied
    application = get_object_or_404(Application, pk=pk)
    if not application.resume:
        raise Http404("This application has no résumé.")
    try:
        handle = application.resume.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The résumé file is missing from private storage.") from exc
    log(instance=application, action="applications.download_resume", user=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.resume_filename,
        content_type=CONTENT_TYPES.get(application.resume_type, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def resume_download_url(application, request) -> str:
    """The résumé's download link, or "" when there is none or the user may not download it."""
    allowed = request is not None and can_download(request.user)
    if allowed and application.pk and application.resume:
        return reverse("applications:resume", args=[application.pk])
    return ""


class ResumeColumn(Column):
    """The résumé's file name, as a download link for those allowed to download."""

    cell_template_name = "applications/admin/resume_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["download_url"] = resume_download_url(instance, request)
        return context


class ResumePanel(Panel):
    """Shows the résumé's name, type and size, with the download link when permitted."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "applications/admin/resume_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["application"] = self.instance
            context["download_url"] = resume_download_url(self.instance, self.request)
            return context


class RepeatColumn(Column):
    """Ties a candidate's submissions together: "Repeat of #12", or how many repeats followed."""

    cell_template_name = "applications/admin/repeat_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["first_id"] = instance.repeat_of_id
        context["first_url"] = (
            reverse("applications:edit", args=[instance.repeat_of_id])
            if instance.repeat_of_id
            else ""
        )
        context["repeat_count"] = getattr(instance, "repeat_count", 0)
        return context


class SubmissionsPanel(Panel):
    """Every submission for this role from this address, oldest first, with links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "applications/admin/submissions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            application = self.instance
            first_id = application.repeat_of_id or application.pk
            context["application"] = application
            context["submissions"] = [
                {
                    "application": other,
                    "url": reverse("applications:edit", args=[other.pk]),
                    "is_first": other.pk == first_id,
                }
                for other in Application.objects.filter(
                    Q(pk=first_id) | Q(repeat_of_id=first_id)
                ).order_by("submitted_at", "pk")
            ]
            return context


def with_repeat_counts(queryset):
    """Adds ``repeat_count`` (repeats of each first application) in the listing's one query."""
    repeats = (
        Application.objects.filter(repeat_of=OuterRef("pk"))
        .order_by()
        .values("repeat_of")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        repeat_count=Coalesce(Subquery(repeats, output_field=IntegerField()), 0)
    )


class ApplicationFilterSet(WagtailFilterSet):
    """Filters recruiters asked for: role, track, status, first or repeat, and when it arrived."""

    role = django_filters.ModelChoiceFilter(
        queryset=RolePage.objects.order_by("role_name").defer_streamfields(),
        label="Role",
    )
    track = django_filters.ChoiceFilter(choices=Track.choices, empty_label="All")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="All")
    repeat = django_filters.BooleanFilter(
        field_name="repeat_of",
        lookup_expr="isnull",
        exclude=True,
        label="Repeat",
        widget=django_filters.widgets.BooleanWidget(),
        help_text="Yes: only repeats of an earlier application; No: only first applications.",
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label="Submitted", widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields = ["role", "track", "status", "repeat", "submitted_at"]


class ApplicationIndexView(generic.IndexView):
    """The listing; exported cells are defused so spreadsheet apps never run them as formulas."""

    def get_base_queryset(self):
        return with_repeat_counts(super().get_base_queryset())

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
            return "'" + value
        return value


class ApplicationViewSet(ModelViewSet):
    """Applications in the Wagtail admin, visible only with the Recruiters' permissions."""

    model = Application
    name = "applications"
    icon = "mail"
    menu_label = "Applications"
    menu_order = 150
    add_to_admin_menu = True
    # Candidates' data must not appear in a role page's "usage" listing, shown to editors.
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ApplicationIndexView
    ordering = ["-submitted_at"]
    list_per_page = 50
    list_display = [
        "name",
        "role_title",
        "track",
        "status",
        ResumeColumn("resume_name", label="Résumé"),
        RepeatColumn("repeat", accessor="repeat_of_id", label="Repeat"),
        DateColumn("submitted_at", label="Submitted"),
    ]
    filterset_class = ApplicationFilterSet
    # Searched in the database, never copied into a search index.
    search_fields = ["name", "email", "role_title"]
    search_backend_name = None
    list_export = [
        "id",
        "name",
        "email",
        "role_title",
        "track",
        "status",
        "linkedin_url",
        "github_url",
        "portfolio_url",
        "message",
        "notes",
        "resume_name",
        "submitted_at",
        "repeat_of_id",
        "repeat_count",
    ]
    export_headings = {
        "id": "ID",
        "role_title": "Role",
        "resume_name": "Résumé file",
        "repeat_of_id": "Repeat of (ID)",
        "repeat_count": "Repeats",
    }
    export_filename = "applications"
    inspect_view_fields = [
        "name",
        "email",
        "role_title",
        "track",
        "status",
        "linkedin_url",
        "github_url",
        "portfolio_url",
        "message",
        "notes",
        "resume_name",
        "resume_size",
        "submitted_at",
        "repeat_of",
        "consented_at",
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("role_title", read_only=True),
                FieldPanel("track", read_only=True),
                FieldPanel("linkedin_url", read_only=True),
                FieldPanel("github_url", read_only=True),
                FieldPanel("portfolio_url", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("submitted_at", read_only=True),
            ],
            heading="Candidate",
        ),
        ResumePanel(heading="Résumé"),
        SubmissionsPanel(heading="Submissions for this role from this address"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("notes")], heading="Follow-up"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resume/<int:pk>/", download_resume, name="resume"),
        ]


application_viewset = ApplicationViewSet()
