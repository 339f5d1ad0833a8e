"""The case screen: a case with its steps in timeline order; preview, publish, archives, SCORM."""

import tempfile

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from ..archive import MAX_ARCHIVE_BYTES, ArchiveError, export_case, import_case
from ..attempts import start_preview
from ..models import Case, Step
from ..publishing import PublishError, unpublish
from ..scorm.manifest import VERSIONS
from ..scorm.package import PackageError, build_package
from ..timeline import timeline_problem


class ArchiveImportForm(forms.Form):
    archive = forms.FileField(help_text="A .zip exported from caseapp (case.json and images).")
    replace = forms.BooleanField(
        required=False, help_text="Replace the case with the same slug, if there is one."
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            raise ValidationError(
                f"This archive is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB."
            )
        return archive


def _archive_response(case: Case) -> FileResponse:
    # Spooled to disk past 8 MB, then streamed: an export never sits whole in memory.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    export_case(case, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{case.slug}.zip")


class StepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        kept.sort(key=lambda f: f.cleaned_data.get("position") or 0)
        if problem := timeline_problem([f.cleaned_data["kind"] for f in kept]):
            raise ValidationError(problem)


class StepInline(admin.TabularInline):
    model = Step
    formset = StepFormSet
    fields = ["position", "kind", "title", "open_step"]
    readonly_fields = ["open_step"]
    extra = 0
    classes = ["reorderable"]

    @admin.display(description="Text, images, labs, questions")
    def open_step(self, step):
        # A column of its own: the row's heading (the step's full name) is cut to one line.
        if step.pk is None:
            return "Save the case, then open the step."
        url = reverse("admin:caseapp_step_change", args=[step.pk])
        return format_html('<a href="{}">Open the step</a>', url)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")  # each row names its case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "published_version", "updated_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["status", "publication"]
    fields = [
        "title",
        "slug",
        "summary",
        "objectives",
        "objectives_review",
        "diagnosis",
        "teaching_points",
        "references",
        ("estimated_minutes", "pass_mark"),
        "status",
        "publication",
    ]
    inlines = [StepInline]
    actions = ["publish_selected", "unpublish_selected", "export_selected"]

    class Media:
        js = ["caseapp/admin/reorder.js"]
        css = {"all": ["caseapp/admin/authoring.css"]}

    def get_queryset(self, request):
        # The pages name the published version; its content (tens of kilobytes) stays unread.
        queryset = super().get_queryset(request).select_related("published_version")
        return queryset.defer("published_version__content")

    @admin.display(description="Publication")
    def publication(self, case):
        # Said from the version's row alone: whether the draft differs from it would take
        # building the whole case, as publishing does.
        version = case.published_version
        if version is None:
            return "Never published."
        frozen = format_html(
            '<time datetime="{}">{}</time>',
            version.created_at.isoformat(),
            date_format(localtime(version.created_at), "DATETIME_FORMAT"),
        )
        if case.status != Case.Status.PUBLISHED:
            return format_html(
                "Hidden from residents; version {}, frozen on {}, was published last.",
                version.number,
                frozen,
            )
        return format_html(
            "Residents take version {}, frozen on {}; edits since then reach them once the "
            "case is published again.",
            version.number,
            frozen,
        )

    def get_urls(self):
        views = [
            ("<id:case_id>/publish/", self.publish_view, "publish"),
            ("<id:case_id>/preview/", self.preview_view, "preview"),
            ("<id:case_id>/export/", self.export_view, "export"),
            ("<id:case_id>/scorm/<str:version>/", self.scorm_view, "scorm"),
            ("import/", self.import_view, "import"),
        ]
        return [
            path(route, self.admin_site.admin_view(view), name=f"caseapp_case_{name}")
            for route, view, name in views
        ] + super().get_urls()

    def export_view(self, request, case_id):
        case = get_object_or_404(Case, pk=case_id)
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        return _archive_response(case)

    def scorm_view(self, request, case_id, version):
        case = get_object_or_404(Case.objects.select_related("published_version"), pk=case_id)
        if not self.has_view_permission(request, case) or version not in VERSIONS:
            raise PermissionDenied
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        try:
            build_package(case, version, spool)
        except PackageError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect("admin:caseapp_case_change", case.pk)
        spool.seek(0)
        name = f"{case.slug}-scorm{version.replace('.', '')}.zip"
        return FileResponse(spool, as_attachment=True, filename=name)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArchiveImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            archive = form.cleaned_data["archive"]
            try:
                case = import_case(archive, replace=form.cleaned_data["replace"])
            except ArchiveError as exc:
                problems = exc.problems
            else:
                self.message_user(request, f"Imported “{case}”.")
                return redirect("admin:caseapp_case_change", case.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a case archive",
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/caseapp/case/import.html", context)

    def publish_view(self, request, case_id):
        case = get_object_or_404(Case, pk=case_id)
        if request.method != "POST" or not self.has_change_permission(request, case):
            return redirect("admin:caseapp_case_change", case.pk)
        self._publish(request, case)
        return redirect("admin:caseapp_case_change", case.pk)

    def preview_view(self, request, case_id):
        case = get_object_or_404(Case, pk=case_id)
        if request.method != "POST" or not self.has_view_permission(request, case):
            return redirect("admin:caseapp_case_change", case.pk)
        attempt = start_preview(educator=request.user, case=case)
        return redirect("caseapp:attempt_resume", attempt.pk)

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            self._publish(request, obj)
            return redirect("admin:caseapp_case_change", obj.pk)
        if "_preview" in request.POST:
            attempt = start_preview(educator=request.user, case=obj)
            return redirect("caseapp:attempt_resume", attempt.pk)
        return super().response_change(request, obj)

    def _publish(self, request, case) -> bool:
        try:
            version = case.publish()
        except PublishError as exc:
            for problem in exc.problems:
                self.message_user(
                    request, f"“{case}” cannot be published: {problem}", messages.ERROR
                )
            return False
        self.message_user(request, f"“{case}” is published as version {version.number}.")
        return True

    @admin.action(description="Publish the selected cases", permissions=["change"])
    def publish_selected(self, request, queryset):
        for case in queryset:
            with transaction.atomic():
                self._publish(request, case)

    @admin.action(description="Export the selected case as an archive", permissions=["view"])
    def export_selected(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one case to export.", messages.WARNING)
            return None
        return _archive_response(queryset.get())

    @admin.action(description="Unpublish the selected cases", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for case in queryset:
            unpublish(case)
        self.message_user(request, f"{queryset.count()} case(s) hidden from residents.")
