"""A case, its timeline of steps with images and laboratory panels, and frozen versions."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.urls import reverse


class StepKind(models.TextChoices):
    PRESENTATION = "presentation", "Presentation"
    IMAGING = "imaging", "Imaging"
    LABORATORY = "laboratory", "Laboratory"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    MANAGEMENT = "management", "Management"
    FOLLOW_UP = "follow_up", "Follow-up"


class CaseQuerySet(models.QuerySet):
    def published(self):
        """Cases residents can take: published, with a frozen version to take."""
        return (
            self.filter(status=Case.Status.PUBLISHED, published_version__isnull=False)
            .select_related("published_version")
            .defer("published_version__content")  # caseapp.versions keeps it decoded
        )

    def with_info(self):
        """Each case's `info`: title, summary and objectives as its published version has them
        (not a draft's), without the rest of the version's content."""
        return self.annotate(info=KeyTransform("case", "published_version__content"))


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(
        max_length=200, help_text="Names the presentation, never the diagnosis."
    )
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(help_text="Shown before the case starts.")
    objectives = models.TextField(
        blank=True, help_text="Learning objectives shown on the intro, one per line."
    )
    objectives_review = models.TextField(
        blank=True, help_text="The objectives restated against the case, one per line."
    )
    diagnosis = models.CharField(max_length=200, blank=True)
    teaching_points = models.TextField(blank=True, help_text="One per line.")
    references = models.TextField(blank=True, help_text="One per line.")
    estimated_minutes = models.PositiveSmallIntegerField(default=20)
    pass_mark = models.PositiveSmallIntegerField(
        default=70, validators=[MaxValueValidator(100)], help_text="Percent needed to pass."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_version = models.ForeignKey(
        "CaseVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="What residents take; edits make a draft until the case is published again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("caseapp:case_intro", args=[self.pk])


class Step(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.case}: {self.get_kind_display()}: {self.title}"


class StepImage(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveIntegerField(default=0)
    image = models.ImageField(upload_to="cases/")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=500,
        help_text="What a sighted learner sees, without giving the answer away.",
        error_messages={
            "blank": "Describe the image for learners who cannot see it (alt text).",
            "null": "Describe the image for learners who cannot see it (alt text).",
        },
    )
    alt_text_answered = models.CharField(
        max_length=500, blank=True, help_text="The descriptive version, shown after answering."
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=300, blank=True)
    annotations = models.JSONField(
        default=list, blank=True, help_text="Arrows and labels shown after answering."
    )
    renditions = models.JSONField(
        default=list, blank=True, editable=False, help_text="Resized WebP copies."
    )
    compare_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_images",
        help_text="The earlier image this one is shown against (before/after).",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        # Pages give every image its width and height so nothing jumps while it loads.
        if self.image:
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)


class LabResult(models.Model):
    class Flag(models.TextChoices):
        NONE = "", "—"
        HIGH = "high", "High"
        LOW = "low", "Low"
        NORMAL = "normal", "Normal"

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="labs")
    position = models.PositiveIntegerField(default=0)
    analyte = models.CharField(max_length=200)
    value = models.CharField(max_length=100)
    unit = models.CharField(max_length=50, blank=True)
    reference_range = models.CharField(max_length=100, blank=True)
    flag = models.CharField(max_length=10, choices=Flag.choices, blank=True, default="")
    illustrative = models.BooleanField(
        default=False, help_text="Added for teaching; not the patient's reported value."
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.analyte}: {self.value} {self.unit}".strip()

    def describe(self) -> dict:
        """The result as plain data, as archives and frozen versions hold it."""
        fields = ["analyte", "value", "unit", "reference_range", "flag", "illustrative"]
        return {name: getattr(self, name) for name in fields}


class CaseVersion(models.Model):
    """An immutable snapshot of a case's content and grading specs; attempts point at one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_version_number_unique"),
            models.UniqueConstraint(fields=["case", "digest"], name="case_version_digest_unique"),
        ]

    def __str__(self):
        return f"{self.case} v{self.number}"
