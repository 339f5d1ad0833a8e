"""Store cleaned images and their renditions for a step image."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .imaging import CleanImage, renditions
from .models import StepImage


def store_image(step_image: StepImage, clean: CleanImage) -> None:
    """Save the metadata-free master and its WebP renditions; the caller saves the model."""
    stem = f"cases/{uuid.uuid4().hex}"
    step_image.image.save(f"{stem}.{clean.extension}", ContentFile(clean.content), save=False)
    stored = []
    for rendition in renditions(clean):
        name = default_storage.save(
            f"{stem}-{rendition.width}.webp", ContentFile(rendition.content)
        )
        stored.append({"name": name, "width": rendition.width, "height": rendition.height})
    step_image.renditions = stored
