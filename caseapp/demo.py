"""Load a case from its JSON description; the demo case ships this way in fixtures/."""

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from . import answer_data
from .models import Case, LabResult, Option, Question, Step, StepImage
from .publishing import publish

DEMO_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo_case.json"
DEMO_SLUG = "uremic-tumoral-calcinosis"
FORMAT = "caseapp.case"
FORMAT_VERSION = 1


class CaseDataError(ValueError):
    pass


def _answer_data(question: dict) -> dict:
    skip = {"key", "type", "stem", "points", "explanation", "rule", "image"}
    return {k: v for k, v in question.items() if k not in skip}


@transaction.atomic
def create_case(data: dict, image_bytes: Callable[[str], bytes]) -> Case:
    """Create a case, with its steps, images, labs and questions, from a case description."""
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise CaseDataError(f"Not a {FORMAT} file of version {FORMAT_VERSION}.")
    spec = data["case"]
    case = Case.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        objectives="\n".join(spec.get("objectives", [])),
        objectives_review="\n".join(spec.get("objectives_review", [])),
        diagnosis=spec.get("diagnosis", ""),
        teaching_points="\n".join(spec.get("teaching_points", [])),
        references="\n".join(spec.get("references", [])),
        estimated_minutes=spec.get("estimated_minutes", 20),
        pass_mark=spec.get("pass_mark", 70),
    )
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
            key = image_spec["key"]
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
            image.image.save(f"{spec['slug']}-{key}.png", ContentFile(image_bytes(key)), save=False)
            image.save()
            images[key] = image
        LabResult.objects.bulk_create(
            LabResult(step=step, position=i, **lab)
            for i, lab in enumerate(step_spec.get("labs", []))
        )
        for q_position, q in enumerate(step_spec.get("questions", [])):
            data_part = _answer_data(q)
            problems = answer_data.check(
                type=q["type"], points=q["points"], rule=q.get("rule", ""), data=data_part
            )
            if problems:
                raise CaseDataError(f"Question {q.get('key')}: {'; '.join(problems)}")
            fields, options = answer_data.to_rows(q["type"], data_part)
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
    if spec.get("status", Case.Status.PUBLISHED) == Case.Status.PUBLISHED:
        publish(case)
    return case


def load_demo(*, replace: bool = False) -> tuple[Case, bool]:
    """The demo case, created from fixtures/ with generated images unless it already exists."""
    from .demo_images import render_png

    existing = Case.objects.filter(slug=DEMO_SLUG).first()
    if existing and not replace:
        return existing, False
    if existing:
        existing.delete()
    data = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    return create_case(data, render_png), True
