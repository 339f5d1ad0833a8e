"""The step screen: a step's text, its images (through the image pipeline), labs and questions."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from .. import imaging
from ..media import store_image
from ..models import LabResult, Question, Step, StepImage
from ..timeline import timeline_problem
from .widgets import MarkdownTextarea, ShapeEditor


class StepImageForm(forms.ModelForm):
    """Uploads go through the image pipeline: checked, upright, metadata-free, renditions."""

    image = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG or WebP, up to 15 MB. Metadata (EXIF, GPS, names) is removed.",
    )

    class Meta:
        model = StepImage
        fields = [
            "position",
            "image",
            "alt_text",
            "alt_text_answered",
            "caption",
            "credit",
            "annotations",
            "compare_to",
        ]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        self.cleaned_upload = None
        if isinstance(upload, UploadedFile):
            try:
                self.cleaned_upload = imaging.clean_upload(upload, size=upload.size)
            except imaging.ImageRejected as exc:
                raise ValidationError(str(exc)) from exc
        return upload

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.cleaned_upload is not None:
            store_image(instance, self.cleaned_upload)
        if commit:
            instance.save()
        return instance


class StepImageInline(admin.StackedInline):
    model = StepImage
    form = StepImageForm  # its Meta names the fields
    fk_name = "step"
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "annotations":
            kwargs["widget"] = ShapeEditor("annotations")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "alt_text":
            field.error_messages["required"] = db_field.error_messages["blank"]
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # Before/after pairs stay within the case, and an image is never its own "before".
            earlier = StepImage.objects.filter(step__case_id=obj.case_id)
            formset.form.base_fields["compare_to"].queryset = earlier

        class ShowingImages(formset):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                widget = form.fields["annotations"].widget
                form.fields["annotations"].widget = type(widget)("annotations", widget.attrs)
                form.fields["annotations"].widget.show_image(form.instance)
                return form

        return ShowingImages


class LabResultInline(admin.TabularInline):
    model = LabResult
    extra = 0
    classes = ["reorderable"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "type", "stem", "points", "open_question"]
    readonly_fields = ["open_question"]
    extra = 0
    classes = ["reorderable"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "stem":  # narrow enough for the link beside it to show at 1,280 px
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4, "cols": 46})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Answers")
    def open_question(self, question):
        # Opened from the step (?step=), the question's Save comes back here.
        if question.pk is None:
            return "Save the step, then open the question."
        url = reverse("admin:caseapp_question_change", args=[question.pk])
        return format_html('<a href="{}?step={}">Open the question</a>', url, question.step_id)


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["case", "position", "kind", "title", "body"]

    def clean(self):
        cleaned = super().clean()
        case, kind = cleaned.get("case"), cleaned.get("kind")
        if case is not None and kind:
            others = case.steps.exclude(pk=self.instance.pk).values_list("position", "pk", "kind")
            mine = (cleaned.get("position") or 0, self.instance.pk or float("inf"), kind)
            kinds = [k for _, _, k in sorted([*others, mine])]
            if problem := timeline_problem(kinds):
                raise ValidationError(problem)
        return cleaned


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    form = StepForm
    list_display = ["__str__", "case", "position"]
    list_filter = ["case", "kind"]
    fields = ["case", "position", "kind", "title", "body", "add_question"]
    readonly_fields = ["add_question"]
    inlines = [StepImageInline, LabResultInline, QuestionInline]

    class Media:
        js = ["caseapp/admin/reorder.js"]
        css = {"all": ["caseapp/admin/authoring.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownTextarea()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Questions")
    def add_question(self, step):
        if step.pk is None:
            return "Save the step, then add its questions."
        url = reverse("admin:caseapp_question_add") + f"?step={step.pk}"
        return format_html('<a class="button" href="{}">Add a question to this step</a>', url)

    def response_post_save_change(self, request, obj):
        return redirect("admin:caseapp_case_change", obj.case_id)
