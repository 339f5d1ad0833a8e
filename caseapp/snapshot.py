"""Freeze a case into plain content: what attempts are taken on and reviewed against."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Max

from .text import lines, render_markdown

CONTENT_VERSION = 1


def build_content(case) -> dict:
    """The whole case as JSON-ready data, rendered and compiled; a constant number of queries.
    (Models reach this module through the case it is given: it imports none of them, so that
    Case.publish() can hand over to publishing without an import cycle.)"""
    # Images, labs, questions and options each come in their model's own order.
    steps = case.steps.prefetch_related("images", "labs", "questions", "questions__options")
    content_steps = []
    for number, step in enumerate(steps, start=1):
        content_steps.append(
            {
                "number": number,
                "kind": step.kind,
                "kind_label": step.get_kind_display(),
                "title": step.title,
                "body_html": render_markdown(step.body),
                "images": [_image(image) for image in step.images.all()],
                "labs": [
                    dict(lab.describe(), flag_label=lab.get_flag_display() if lab.flag else "")
                    for lab in step.labs.all()
                ],
                "questions": [_question(q) for q in step.questions.all()],
            }
        )
    return {
        "content_version": CONTENT_VERSION,
        "case": {
            "id": case.pk,
            "title": case.title,
            "summary": case.summary,
            "objectives": lines(case.objectives),
            "objectives_review": lines(case.objectives_review),
            "diagnosis": case.diagnosis,
            "teaching_points": lines(case.teaching_points),
            "references": lines(case.references),
            "pass_mark": case.pass_mark,
            "estimated_minutes": case.estimated_minutes,
        },
        "steps": content_steps,
    }


def _image(image) -> dict:
    return {
        "id": image.pk,
        "name": image.image.name,
        "width": image.width,
        "height": image.height,
        "renditions": image.renditions or [],
        "alt_text": image.alt_text,
        "alt_text_answered": image.alt_text_answered,
        "caption": image.caption,
        "credit": image.credit,
        "annotations": image.annotations or [],
        "compare_to": image.compare_to_id,
    }


def _question(question) -> dict:
    data = question.answer_data()
    return {
        "key": str(question.pk),
        "type": question.type,
        "type_label": question.get_type_display(),
        "stem": question.stem,
        "stem_html": render_markdown(question.stem),
        "points": question.points,
        "explanation": question.explanation,
        "explanation_html": render_markdown(question.explanation),
        "image": question.image_id,
        "data": data,
        "spec": question.grading_spec(data),
    }


def digest(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def current_version(case):
    """The version matching the case as it is now, frozen on first use."""
    return freeze(case, build_content(case))


def freeze(case, content: dict):
    """The version holding ``content`` (the case's, from build_content), frozen on first use."""
    content_digest = digest(content)
    existing = case.versions.filter(digest=content_digest).first()
    if existing:
        return existing
    for _ in range(3):
        number = (case.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return case.versions.create(number=number, digest=content_digest, content=content)
        except IntegrityError:
            # Another request froze a version at the same moment; use theirs when it matches.
            existing = case.versions.filter(digest=content_digest).first()
            if existing:
                return existing
    raise IntegrityError("Could not freeze a version of this case.")
