"""Build cases, learners and answers in code for the tests."""

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from caseapp.models import Case, LabResult, Option, Question, Step, StepImage, StepKind

KINDS = [kind for kind, _ in StepKind.choices]


def png_bytes(width: int = 200, height: int = 100) -> bytes:
    image = Image.new("L", (width, height), 20)
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), fill=240)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_user(username: str = "resident", **extra):
    return get_user_model().objects.create_user(username=username, password="pw-for-tests", **extra)


def add_options(question, n: int) -> None:
    """Three options, the second correct; texts carry the step number so tests can find them."""
    for position, letter in enumerate("ABC"):
        Option.objects.create(
            question=question,
            position=position,
            text=f"Option {letter}{n}",
            correct=letter == "B",
            feedback=f"FEEDBACK-{letter}-{n}",
        )


def make_case(
    *, steps: int = 6, status: str = Case.Status.PUBLISHED, pass_mark: int = 50, slug=None
) -> Case:
    """A case of `steps` steps, each with an image, a lab and one single-best-answer question.

    The first step also holds a hotspot question on its image (region: the left half).
    """
    case = Case.objects.create(
        title=f"Test case of {steps} steps",
        slug=slug or f"test-case-{steps}-{Case.objects.count()}",
        summary="A test case.",
        objectives="Objective one\nObjective two",
        objectives_review="Review one",
        diagnosis="DIAGNOSIS-NAME",
        teaching_points="TEACHING-POINT",
        references="REFERENCE-ONE",
        pass_mark=pass_mark,
    )
    for i in range(steps):
        n = i + 1
        step = Step.objects.create(
            case=case,
            position=i,
            kind=KINDS[min(i * len(KINDS) // steps, len(KINDS) - 1)],
            title=f"Step title {n}",
            body=f"Body of step {n}.",
        )
        image = StepImage(step=step, alt_text=f"Alt {n}", caption=f"Caption {n}")
        image.image.save(f"test-{n}.png", ContentFile(png_bytes()), save=False)
        image.annotations = [{"type": "arrow", "x1": 0.9, "y1": 0.9, "x2": 0.5, "y2": 0.5}]
        image.save()
        LabResult.objects.create(step=step, analyte=f"Analyte {n}", value="1.0", unit="mmol/L")
        question = Question.objects.create(
            step=step,
            position=1,
            type="single",
            stem=f"Stem {n}?",
            explanation=f"EXPLANATION-{n}",
            points=1,
        )
        add_options(question, n)
        if i == 0:
            Question.objects.create(
                step=step,
                position=2,
                type="hotspot",
                stem="Click the lesion.",
                explanation="EXPLANATION-HOTSPOT",
                points=2,
                image=image,
                regions=[{"shape": "rect", "x": 0, "y": 0, "w": 0.5, "h": 1}],
                feedback_correct="FEEDBACK-HOTSPOT-RIGHT",
                feedback_incorrect="FEEDBACK-HOTSPOT-WRONG",
            )
    if status == Case.Status.PUBLISHED:
        case.publish()
    return case
