"""Admin widgets: Markdown with a live preview, and shapes drawn on an image."""

import json

from django import forms
from django.core.files.storage import default_storage


class MarkdownTextarea(forms.Textarea):
    """A textarea whose sanitized rendering shows live beside it (static/caseapp/admin)."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "data-markdown-preview": "", **(attrs or {})})

    class Media:
        js = ["caseapp/admin/markdown-preview.js"]
        css = {"all": ["caseapp/admin/authoring.css"]}


class ShapeEditor(forms.Textarea):
    """A JSON list of shapes, drawn with the mouse or typed as numbers on top of an image."""

    def __init__(self, mode: str, attrs=None):
        super().__init__({"rows": 3, "data-shape-editor": mode, **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return "[]"
        if isinstance(value, str):
            return value
        return json.dumps(value)

    def show_image(self, image) -> None:
        """Draw on this StepImage (or nothing when it has no file yet)."""
        if image and image.image:
            self.attrs.update(
                {
                    "data-image-url": default_storage.url(image.image.name),
                    "data-image-width": image.width,
                    "data-image-height": image.height,
                }
            )
        else:
            self.attrs.update({"data-image-url": ""})

    class Media:
        js = ["caseapp/admin/shape-editor.js"]
        css = {"all": ["caseapp/admin/shape-editor.css"]}
