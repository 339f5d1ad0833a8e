"""Graded questions attached to a step, and their options; both compile to a grading spec."""

from django.db import models

from .. import questions
from .cases import Step, StepImage

# The question types of caseapp/questions/, as choices (QuestionType.SINGLE, …).
QuestionType = models.TextChoices(
    "QuestionType", [(name.upper(), (name, label)) for name, label in questions.choices()]
)


class Question(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=10, choices=QuestionType.choices)
    stem = models.TextField(help_text="The vignette and the question a learner answers.")
    explanation = models.TextField(blank=True, help_text="Shown after the learner answers.")
    points = models.PositiveSmallIntegerField(default=1)
    rule = models.CharField(
        max_length=30,
        blank=True,
        help_text="Scoring rule; blank uses the type's default (partial credit where it has one).",
    )
    image = models.ForeignKey(
        StepImage,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="questions",
        help_text="Hotspot: the image of this step the learner clicks on.",
    )
    regions = models.JSONField(
        default=list, blank=True, help_text="Hotspot: the target regions on the image."
    )
    accepted_answers = models.TextField(
        blank=True, help_text="Short text: every accepted answer, one per line."
    )
    target = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, help_text="Numeric: the value."
    )
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        default=0,
        help_text="Numeric: how far from the value an answer may be and still count.",
    )
    unit = models.CharField(max_length=50, blank=True, help_text="Numeric: the unit.")
    distractors = models.TextField(
        blank=True, help_text="Matching: extra choices that match nothing, one per line."
    )
    feedback_correct = models.TextField(
        blank=True, help_text="Hotspot, short text, numeric: feedback for a right answer."
    )
    feedback_incorrect = models.TextField(
        blank=True, help_text="Hotspot, short text, numeric: feedback for a wrong answer."
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.stem[:80]

    def answer_data(self, options: list | None = None) -> dict:
        """Its answer data in the plain shape content freezes, from its options (or `options`,
        unsaved rows in their order)."""
        if options is None:
            options = list(self.options.all())
        return questions.get(self.type).from_rows(self, options)

    def grading_spec(self, data: dict | None = None) -> dict:
        """The grading spec its answer data (`data`, when already built) compiles to."""
        return questions.get(self.type).grading_spec(
            points=self.points, rule=self.rule, data=self.answer_data() if data is None else data
        )


class Option(models.Model):
    """A choice (single, multiple), an item in its correct place (ordering) or a premise with
    its correct match (matching)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    correct = models.BooleanField(default=False, help_text="Single, multiple: a right choice.")
    match = models.CharField(
        max_length=300, blank=True, help_text="Matching: the choice this item goes with."
    )
    feedback = models.TextField(blank=True, help_text="Why this option is right or wrong.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]
