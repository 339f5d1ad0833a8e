"""Records the admin shows and never edits: attempts and frozen case versions."""

from django.contrib import admin

from ..models import Attempt, CaseVersion


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["learner", "case", "started_at", "completed_at", "score_percent", "passed"]
    list_filter = ["case", "passed", "preview"]
    readonly_fields = [
        "learner",
        "case",
        "version",
        "started_at",
        "completed_at",
        "score_percent",
        "passed",
        "preview",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A learner's record: shown, never edited (saving it would also rewrite the answer
        # count that storing an answer keeps).
        return False


@admin.register(CaseVersion)
class CaseVersionAdmin(admin.ModelAdmin):
    list_display = ["case", "number", "created_at"]
    readonly_fields = ["case", "number", "digest", "created_at"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False
