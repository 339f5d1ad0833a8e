"""Authoring a question: its type's answer data edited in place, checked in plain words."""

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import grading, questions
from ..models import Option, Question, StepImage
from .widgets import MarkdownTextarea, ShapeEditor

# What each type's form shows (question-form.js hides the rest): its fieldsets, by class, and
# the option table's columns that mean something for it.
TYPE_PARTS = {
    kind.name: {"parts": list(kind.admin_parts), "columns": list(kind.option_columns)}
    for kind in questions.TYPES
}


def _rule_name(rule: str) -> str:
    return rule.replace("_", " ").capitalize()


RULE_CHOICES = [("", "The type's default rule")] + [(r, _rule_name(r)) for r in grading.RULES]


def _rule_help() -> str:
    """Every rule's explanation and the types it may score: the dropdown shows names only."""
    names = dict(questions.choices())

    def types(rule):
        for kind, allowed in grading.ALLOWED_RULES.items():
            if rule in allowed:
                default = " (its default)" if grading.DEFAULT_RULES[kind] == rule else ""
                yield kind, names[kind].lower() + default

    rows = ((rule, list(types(rule))) for rule in grading.RULES)
    items = format_html_join(
        "",
        '<li data-rule-types="{}"><strong>{}</strong>, for {}: {}</li>',
        (
            (
                " ".join(kind for kind, _ in kinds),
                _rule_name(rule),
                ", ".join(name for _, name in kinds),
                grading.RULES[rule],
            )
            for rule, kinds in rows
            if kinds
        ),
    )
    return format_html('Blank uses the type\'s default rule.<ul class="rule-help">{}</ul>', items)


RULE_HELP = _rule_help()


class QuestionForm(forms.ModelForm):
    rule = forms.ChoiceField(choices=RULE_CHOICES, required=False, help_text=RULE_HELP)

    class Meta:
        model = Question
        fields = [
            "step",
            "position",
            "type",
            "stem",
            "points",
            "rule",
            "explanation",
            "image",
            "regions",
            "accepted_answers",
            "target",
            "tolerance",
            "unit",
            "distractors",
            "feedback_correct",
            "feedback_incorrect",
        ]
        widgets = {
            "stem": MarkdownTextarea(),
            "explanation": MarkdownTextarea(),
            "regions": ShapeEditor("regions"),
            "accepted_answers": forms.Textarea(attrs={"rows": 3}),
            "distractors": forms.Textarea(attrs={"rows": 3}),
            "feedback_correct": forms.Textarea(attrs={"rows": 2}),
            "feedback_incorrect": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "type" in self.fields:
            self.fields["type"].widget.attrs["data-type-parts"] = json.dumps(TYPE_PARTS)
        if "image" in self.fields:
            self._offer_images()

    def _offer_images(self) -> None:
        """The Image dropdown holds the step's images; the region editor draws on the chosen one
        (the one typed in, after a refused save) and switches when another is chosen."""
        step_id = str(
            self.instance.step_id or self.data.get("step") or self.initial.get("step") or ""
        )
        images = StepImage.objects.filter(step_id=int(step_id) if step_id.isdigit() else 0)
        self.fields["image"].queryset = images
        chosen = str(self["image"].value() or "")
        widget = self.fields["regions"].widget
        widget.show_image(next((i for i in images if str(i.pk) == chosen), None))
        if not step_id.isdigit():
            widget.attrs["data-no-image"] = (
                "Choose the question's step and save; then choose one of its images above to "
                "draw on it."
            )
        elif not images:
            widget.attrs["data-no-image"] = (
                "This step has no images yet: add one on the step's page, then choose it above "
                "to draw on it."
            )
        else:
            widget.attrs["data-no-image"] = "Choose the image above to draw on it."
        widget.attrs["data-image-choices"] = json.dumps(
            {
                str(image.pk): {
                    "url": default_storage.url(image.image.name),
                    "width": image.width,
                    "height": image.height,
                }
                for image in images
                if image.image
            }
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("type")
        image = cleaned.get("image")
        step = cleaned.get("step")
        if image is not None and step is not None and image.step_id != step.pk:
            self.add_error("image", "Choose an image of this question's own step.")
        if kind in TYPE_PARTS and not questions.get(kind).uses_options:
            self._check_answer_data(cleaned)
        rule = cleaned.get("rule")
        if kind and rule and rule not in grading.ALLOWED_RULES.get(kind, ()):
            allowed = ", ".join(r.replace("_", " ") for r in grading.ALLOWED_RULES[kind])
            self.add_error("rule", f"This type is scored by: {allowed}.")
        return cleaned

    def _check_answer_data(self, cleaned) -> None:
        """The type's author checks on the answer data typed in this form, each message on its
        field (the option rows are checked by their formset)."""
        question = Question(
            **{f.name: cleaned[f.name] for f in Question._meta.fields if f.name in cleaned}
        )
        problems = questions.get(question.type).author_problems(
            points=question.points or 1,
            rule=question.rule or "",
            data=question.answer_data([]),
            has_image=question.image is not None,
        )
        for problem in problems:
            self.add_error(problem.field, problem.message)


class OptionForm(forms.ModelForm):
    def has_changed(self):
        # A new row's position is numbered for it (and renumbered when rows move), not typed:
        # a row left empty is skipped, neither checked nor saved.
        if self.instance.pk is None:
            return any(name != "position" for name in self.changed_data)
        return super().has_changed()


class OptionFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"position": index + 1}  # rows typed top down keep that order
        return kwargs

    def clean(self):
        super().clean()
        question = self.instance
        if question.type not in TYPE_PARTS or any(form.errors for form in self.forms):
            return
        kind = questions.get(question.type)
        if not kind.uses_options:
            return
        rows = [
            Option(**{k: v for k, v in form.cleaned_data.items() if k in OPTION_FIELDS})
            for form in sorted(
                (f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")),
                key=lambda f: f.cleaned_data.get("position") or 0,
            )
        ]
        problems = kind.author_problems(
            points=question.points or 1,
            rule=question.rule,
            data=question.answer_data(rows),
            has_image=True,
        )
        if problems:
            raise ValidationError([problem.message for problem in problems])


OPTION_FIELDS = {"position", "text", "correct", "match", "feedback"}


class OptionInline(admin.TabularInline):
    model = Option
    form = OptionForm
    formset = OptionFormSet
    fields = ["position", "text", "correct", "match", "feedback"]
    classes = ["reorderable"]
    verbose_name = "option"
    verbose_name_plural = (
        "Options: choices (single, multiple), items in their correct order (ordering), "
        "or items with their match (matching)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        return 4 if obj is None else 0  # a new question's first options, ready to type in

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("text", "feedback"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 28})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm

    class Media:
        js = ["caseapp/admin/question-form.js", "caseapp/admin/reorder.js"]
        css = {"all": ["caseapp/admin/authoring.css"]}

    list_display = ["__str__", "type", "step", "points"]
    list_filter = ["type", "step__case"]
    search_fields = ["stem"]
    inlines = [OptionInline]
    fieldsets = [
        (None, {"fields": ["step", "position", "type", "stem", "points", "rule", "explanation"]}),
        ("Hotspot", {"fields": ["image", "regions"], "classes": ["type-hotspot"]}),
        ("Short text", {"fields": ["accepted_answers"], "classes": ["type-text"]}),
        ("Numeric", {"fields": [("target", "tolerance", "unit")], "classes": ["type-numeric"]}),
        ("Matching", {"fields": ["distractors"], "classes": ["type-matching"]}),
        (
            "Feedback on the answer (hotspot, short text, numeric)",
            {"fields": ["feedback_correct", "feedback_incorrect"], "classes": ["type-feedback"]},
        ),
    ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("points", 1)
        return initial

    def response_post_save_add(self, request, obj):
        return self._back_to_work(request, obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_work(request, obj)

    def _back_to_work(self, request, obj):
        """After Save: back to the step's page when the question was opened from it (its links
        carry ?step=), where its questions are listed; else stay on the question itself."""
        if request.GET.get("step") == str(obj.step_id):
            return redirect("admin:caseapp_step_change", obj.step_id)
        return redirect("admin:caseapp_question_change", obj.pk)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._next_on_same_step(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self._next_on_same_step(request, obj) or response

    def _next_on_same_step(self, request, obj):
        """Save and add another: the next question goes on the step of the one just saved."""
        if "_addanother" in request.POST and IS_POPUP_VAR not in request.POST:
            return redirect(reverse("admin:caseapp_question_add") + f"?step={obj.step_id}")
        return None
