"""Graded questions attached to a step; their answer data compiles to a grading spec."""

from django.db import models

from .cases import Step, StepImage


class QuestionType(models.TextChoices):
    SINGLE = "single", "Single best answer"
    MULTIPLE = "multiple", "Multiple response"
    HOTSPOT = "hotspot", "Hotspot on an image"
    ORDERING = "ordering", "Ordering"
    TEXT = "text", "Short text"
    NUMERIC = "numeric", "Numeric"
    MATCHING = "matching", "Matching"


class Question(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=10, choices=QuestionType.choices)
    stem = models.TextField()
    explanation = models.TextField(blank=True, help_text="Shown after the learner answers.")
    points = models.PositiveSmallIntegerField(default=1)
    rule = models.CharField(
        max_length=30, blank=True, help_text="Scoring rule; blank uses the type's default."
    )
    image = models.ForeignKey(
        StepImage,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The image a hotspot question is answered on.",
    )
    answer_data = models.JSONField(
        default=dict, help_text="Options, key and feedback; the shape depends on the type."
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.stem[:80]
