"""A case from a checked description, and a case described (case.json's content)."""

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import transaction

from .. import imaging
from .. import questions as question_types
from ..media import store_image
from ..models import Case, LabResult, Option, Question, Step, StepImage
from ..text import lines
from .checks import FORMAT, FORMAT_VERSION, ArchiveError, check_data, data_part


def create_case(data: dict, read_image: Callable[[dict], bytes], *, replace: bool = False) -> Case:
    """Create a case from a checked description; images go through the upload pipeline.

    Raises ArchiveError, having stored nothing, when the description or an image is bad.
    """
    problems = check_data(data)
    if problems:
        raise ArchiveError(problems)
    spec = data["case"]
    existing = Case.objects.filter(slug=spec["slug"]).first()
    if existing and not replace:
        raise ArchiveError(f"A case with the slug “{spec['slug']}” already exists.")
    cleaned: dict[str, imaging.CleanImage] = {}
    for number, step in enumerate(spec["steps"], start=1):
        for image in step.get("images", []):
            try:
                cleaned[image["key"]] = imaging.clean_upload(io.BytesIO(read_image(image)))
            except imaging.ImageRejected as exc:
                raise ArchiveError(f"Step {number}, image “{image['key']}”: {exc}") from exc
    stored: list[str] = []
    try:
        with transaction.atomic():
            case = _create(spec, cleaned, stored, existing)
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return case


def _create(spec: dict, cleaned: dict, stored: list[str], existing: Case | None) -> Case:
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "objectives": "\n".join(spec.get("objectives", [])),
        "objectives_review": "\n".join(spec.get("objectives_review", [])),
        "diagnosis": spec.get("diagnosis", ""),
        "teaching_points": "\n".join(spec.get("teaching_points", [])),
        "references": "\n".join(spec.get("references", [])),
        "estimated_minutes": spec.get("estimated_minutes", 20),
        "pass_mark": spec.get("pass_mark", 70),
    }
    if existing:
        # Replacing keeps the case, its versions and every attempt on them: only the
        # draft content changes, and publishing makes it a new version.
        existing.steps.all().delete()
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        case = existing
    else:
        case = Case.objects.create(slug=spec["slug"], **fields)
    images: dict[str, StepImage] = {}
    for position, step_spec in enumerate(spec["steps"]):
        step = Step.objects.create(
            case=case,
            position=position,
            kind=step_spec["kind"],
            title=step_spec["title"],
            body=step_spec.get("body", ""),
        )
        for image_position, image_spec in enumerate(step_spec.get("images", [])):
            image = StepImage(
                step=step,
                position=image_position,
                alt_text=image_spec["alt_text"],
                alt_text_answered=image_spec.get("alt_text_answered", ""),
                caption=image_spec.get("caption", ""),
                credit=image_spec.get("credit", ""),
                annotations=image_spec.get("annotations", []),
                compare_to=images.get(image_spec.get("compare_to") or ""),
            )
            store_image(image, cleaned[image_spec["key"]])
            stored += [image.image.name] + [r["name"] for r in image.renditions]
            image.save()
            images[image_spec["key"]] = image
        LabResult.objects.bulk_create(
            LabResult(step=step, position=i, **lab)
            for i, lab in enumerate(step_spec.get("labs", []))
        )
        for q_position, q in enumerate(step_spec.get("questions", [])):
            fields, options = question_types.get(q["type"]).to_rows(data_part(q))
            question = Question.objects.create(
                step=step,
                position=q_position,
                type=q["type"],
                stem=q["stem"],
                explanation=q.get("explanation", ""),
                points=q["points"],
                rule=q.get("rule", ""),
                image=images[q["image"]] if q.get("image") else None,
                **fields,
            )
            Option.objects.bulk_create(
                Option(question=question, position=i, **option) for i, option in enumerate(options)
            )
    if spec.get("status", "published") == "published":
        case.publish()
    return case


# Exporting ---------------------------------------------------------------------------


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def describe(case: Case) -> dict:
    """The case as a description, images named images/<key>.<ext>."""
    steps = []
    for step in case.steps.prefetch_related("images", "labs", "questions__options"):
        image_specs = [
            {
                "key": f"image-{image.pk}",
                "file": f"images/image-{image.pk}{PurePosixPath(image.image.name).suffix.lower()}",
                "alt_text": image.alt_text,
                "alt_text_answered": image.alt_text_answered,
                "caption": image.caption,
                "credit": image.credit,
                "annotations": image.annotations,
                "compare_to": f"image-{image.compare_to_id}" if image.compare_to_id else None,
            }
            for image in step.images.all()
        ]
        questions = []
        for question in step.questions.all():
            data = question.answer_data()
            entry = {
                "key": f"q{question.pk}",
                "type": question.type,
                "stem": question.stem,
                "points": question.points,
                "explanation": question.explanation,
                **{k: _json_number(v) for k, v in data.items()},
            }
            if question.rule:
                entry["rule"] = question.rule
            if question.image_id:
                entry["image"] = f"image-{question.image_id}"
            questions.append(entry)
        steps.append(
            {
                "kind": step.kind,
                "title": step.title,
                "body": step.body,
                "images": image_specs,
                "labs": [lab.describe() for lab in step.labs.all()],
                "questions": questions,
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "case": {
            "slug": case.slug,
            "title": case.title,
            "summary": case.summary,
            "estimated_minutes": case.estimated_minutes,
            "pass_mark": case.pass_mark,
            "objectives": lines(case.objectives),
            "objectives_review": lines(case.objectives_review),
            "diagnosis": case.diagnosis,
            "teaching_points": lines(case.teaching_points),
            "references": lines(case.references),
            "status": "published" if case.published_version_id else "draft",
            "steps": steps,
        },
    }
