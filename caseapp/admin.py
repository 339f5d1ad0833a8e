"""Admin registration for authoring cases (a first, plain version)."""

from django.contrib import admin

from .models import Attempt, Case, CaseVersion, LabResult, Question, Step, StepImage


class StepInline(admin.TabularInline):
    model = Step
    fields = ["position", "kind", "title"]
    extra = 0
    show_change_link = True


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "pass_mark", "updated_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    inlines = [StepInline]


class StepImageInline(admin.StackedInline):
    model = StepImage
    extra = 0
    fk_name = "step"


class LabResultInline(admin.TabularInline):
    model = LabResult
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "case", "position"]
    list_filter = ["case", "kind"]
    inlines = [StepImageInline, LabResultInline, QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "step", "points"]
    list_filter = ["type", "step__case"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["learner", "case", "started_at", "completed_at", "score_percent", "passed"]
    list_filter = ["case", "passed"]
    readonly_fields = [
        "learner",
        "case",
        "version",
        "started_at",
        "completed_at",
        "score_percent",
        "passed",
    ]


admin.site.register(CaseVersion)
