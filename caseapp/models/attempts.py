"""A learner's attempt at one version of a case, and the answers it holds."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .cases import Case, CaseVersion


class Attempt(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attempts")
    version = models.ForeignKey(CaseVersion, on_delete=models.RESTRICT, related_name="attempts")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    preview = models.BooleanField(
        default=False, help_text="An educator's preview of a draft; never counted in results."
    )
    # Kept by the statement that stores each answer (caseapp.answer_store), under the attempt's
    # row lock: the answer that brings it to the number of questions is the last one.
    answer_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # At most one unfinished attempt per learner and case: a double "start" resumes it.
            models.UniqueConstraint(
                fields=["learner", "case", "preview"],
                condition=models.Q(completed_at__isnull=True),
                name="attempt_one_open_per_learner_case",
            )
        ]

    def __str__(self):
        return f"{self.learner} on {self.case} ({self.started_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("caseapp:attempt_resume", args=[self.pk])

    @property
    def is_complete(self):
        return self.completed_at is not None

    @property
    def content(self) -> dict:
        """The frozen content this attempt is taken on (shared, read-only)."""
        return CaseVersion.objects.content(self.version)


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=40)
    response = models.JSONField()
    earned = models.CharField(max_length=40, help_text="Exact points earned, as a fraction.")
    correct = models.BooleanField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_key"], name="answer_once_per_question"
            )
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_key}"
