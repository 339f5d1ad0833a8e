"""The frozen content of a case's questions never changes shape: old versions stay valid."""

import json

import pytest
from django.core.files.base import ContentFile

from caseapp import questions
from caseapp.demo.loader import DEMO_PATH
from caseapp.models import Case, Option, Question, Step, StepImage
from caseapp.snapshot import build_content, digest
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

# build_content's questions for the demo case's questions, computed before the question types
# moved into caseapp/questions/: a change here changes every published version's digest.
DEMO_QUESTIONS_DIGEST = "b5dce010ca85f1034f4512e4a0bc0e048e07febe567e112a2bd3064ceda3a74d"


def demo_questions_case() -> Case:
    """Every question of the demo case on one step, with fixed ids (ids are in the content)."""
    data = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    case = Case.objects.create(pk=900, title="Frozen", slug="frozen", summary="Frozen.")
    step = Step.objects.create(pk=900, case=case, kind="presentation", title="All")
    image = StepImage(pk=900, step=step, alt_text="Alt", width=200, height=100)
    image.image.save("frozen.png", ContentFile(png_bytes()), save=False)
    image.save()
    demo_questions = [q for s in data["case"]["steps"] for q in s["questions"]]
    for position, q in enumerate(demo_questions):
        answer = {k: v for k, v in q.items() if k not in {"key", "type", "stem", "points"}}
        answer = {k: v for k, v in answer.items() if k not in {"explanation", "rule", "image"}}
        fields, options = questions.get(q["type"]).to_rows(answer)
        question = Question.objects.create(
            pk=900 + position,
            step=step,
            position=position,
            type=q["type"],
            stem=q["stem"],
            explanation=q.get("explanation", ""),
            points=q["points"],
            rule=q.get("rule", ""),
            image=image if q.get("image") else None,
            **fields,
        )
        for i, option in enumerate(options):
            Option.objects.create(question=question, position=i, **option)
    return case


def test_the_demo_questions_freeze_to_the_same_content_as_before():
    content = build_content(demo_questions_case())
    questions = content["steps"][0]["questions"]
    assert {q["type"] for q in questions} == {
        "single", "multiple", "hotspot", "ordering", "matching", "text", "numeric"
    }  # fmt: skip
    assert digest(questions) == DEMO_QUESTIONS_DIGEST
