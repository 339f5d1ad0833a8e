"""A case, its timeline of steps with images and laboratory panels, and frozen versions."""

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import InvalidCacheBackendError, caches
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.dispatch import receiver
from django.urls import reverse

from ..timeline import StepKind


class CaseQuerySet(models.QuerySet):
    def published(self):
        """Cases residents can take: published, with a frozen version to take."""
        return (
            self.filter(status=Case.Status.PUBLISHED, published_version__isnull=False)
            .select_related("published_version")
            .defer("published_version__content")  # the CaseVersion manager keeps it decoded
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

    def publish(self) -> "CaseVersion":
        """Freeze the case as it is now and make it what residents take (see
        caseapp.publishing); raises PublishError with what keeps it from being published."""
        from ..publishing import publish  # publishing imports the models

        return publish(self)


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


# Decoded versions by (id, digest), most recently used last: see CaseVersionManager.
VERSION_CACHE: OrderedDict[tuple[int, str], dict] = OrderedDict()
_version_cache_lock = threading.Lock()


class CaseVersionManager(models.Manager):
    """Frozen versions, each decoded once per worker process while in use.

    A version never changes once frozen, so its content, and what pages derive from it, can
    be kept in memory, as django.contrib.sites keeps the current site: pages read a version's
    id and digest (a few bytes) instead of its whole JSON content (tens of kilobytes) on every
    request. Entries are keyed by id *and* digest, so a reused id (a test database rolled
    back) never serves stale content, and bounded, so a worker's memory stays flat.
    """

    max_cached = 32  # a few hundred kilobytes each, decoded

    def content(self, version: "CaseVersion") -> dict:
        """The version's content. Read-only: it is shared by every request of this process."""
        return self._entry(version)["content"]

    def derived(self, version: "CaseVersion", name: str, build: Callable[[dict], object]):
        """Something computed from the version's content once, kept as long as the content is
        (image URLs, media names): build(content) runs at most once per version and name."""
        entry = self._entry(version)
        try:
            return entry[name]
        except KeyError:
            value = build(entry["content"])
            with _version_cache_lock:
                return entry.setdefault(name, value)

    def clear_cache(self) -> None:
        with _version_cache_lock:
            VERSION_CACHE.clear()

    def _entry(self, version: "CaseVersion") -> dict:
        key = (version.pk, version.digest)
        with _version_cache_lock:
            entry = VERSION_CACHE.get(key)
            if entry is not None:
                VERSION_CACHE.move_to_end(key)
                return entry
        if "content" in version.__dict__:  # loaded with the row
            content = version.content
        else:
            content = self.values_list("content", flat=True).get(pk=version.pk)
        with _version_cache_lock:
            entry = VERSION_CACHE.setdefault(key, {"content": content})
            VERSION_CACHE.move_to_end(key)
            while len(VERSION_CACHE) > self.max_cached:
                VERSION_CACHE.popitem(last=False)
        return entry


class CaseVersion(models.Model):
    """An immutable snapshot of a case's content and grading specs; attempts point at one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseVersionManager()

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_version_number_unique"),
            models.UniqueConstraint(fields=["case", "digest"], name="case_version_digest_unique"),
        ]

    def __str__(self):
        return f"{self.case} v{self.number}"


@receiver(setting_changed)
def _clear_version_cache(**kwargs):
    # Derived values and the pages' cached fragments hold URLs built from settings.
    CaseVersion.objects.clear_cache()
    try:
        caches["template_fragments"].clear()
    except InvalidCacheBackendError:  # CACHES itself is changing: the new ones start empty
        pass
