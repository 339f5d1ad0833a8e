"""The demo case: loaded from fixtures with generated images, complete, and spoiler-free."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image

from caseapp.demo import DEMO_SLUG, load_demo
from caseapp.grading import QUESTION_TYPES
from caseapp.models import Case, Question, StepKind
from caseapp.snapshot import build_content

pytestmark = pytest.mark.django_db

DIAGNOSIS_WORDS = re.compile(r"calcinosis|tumou?ral", re.IGNORECASE)


@pytest.fixture
def demo():
    case, created = load_demo()
    assert created
    return case


def test_demo_has_the_six_timeline_steps_in_order(demo):
    kinds = list(demo.steps.values_list("kind", flat=True))
    assert kinds == [kind for kind, _ in StepKind.choices]
    assert demo.slug == DEMO_SLUG and demo.status == Case.Status.PUBLISHED


def test_demo_asks_at_least_twelve_questions_of_every_type_on_every_step(demo):
    questions = Question.objects.filter(step__case=demo)
    assert questions.count() >= 12
    assert set(questions.values_list("type", flat=True)) == set(QUESTION_TYPES)
    assert all(step.questions.exists() for step in demo.steps.all())


def test_demo_images_are_generated_captioned_illustrations_with_alt_text(demo):
    images = [image for step in demo.steps.all() for image in step.images.all()]
    assert len(images) == 6
    for image in images:
        assert image.alt_text.strip()
        assert "Illustration, not patient images" in image.caption
        assert image.annotations, "every image carries an annotation overlay"
        with image.image.open("rb") as handle:
            decoded = Image.open(io.BytesIO(handle.read()))
            assert decoded.size == (image.width, image.height)
    assert any(image.compare_to for image in images), "after-treatment CTs pair with before"


def test_demo_hides_the_diagnosis_until_the_diagnosis_step_feedback(demo):
    content = build_content(demo)
    early = [demo.title, demo.summary, demo.objectives]
    for step in content["steps"]:
        if step["kind"] not in ("presentation", "imaging", "laboratory", "diagnosis"):
            continue  # management and follow-up come after the diagnosis is made
        early += [step["title"], step["body_html"]]
        early += [i[k] for i in step["images"] for k in ("alt_text", "caption")]
        for question in step["questions"]:
            early.append(question["stem"])
            early += [o["text"] for o in question["data"].get("options", [])]
            early += [o["text"] for o in question["data"].get("items", [])]
    leaks = [text for text in early if DIAGNOSIS_WORDS.search(text)]
    assert leaks == []


def test_demo_numbers_not_in_the_report_are_marked_illustrative(demo):
    labs = [lab for step in demo.steps.all() for lab in step.labs.all()]
    assert labs
    for lab in labs:
        if any(ch.isdigit() for ch in lab.value):
            assert lab.illustrative, lab.analyte


def test_demo_cites_the_report(demo):
    assert "10.1503/cmaj.200104" in demo.references


def test_load_demo_command_is_idempotent():
    call_command("load_demo")
    call_command("load_demo")
    assert Case.objects.filter(slug=DEMO_SLUG).count() == 1
    call_command("load_demo", "--replace")
    assert Case.objects.filter(slug=DEMO_SLUG).count() == 1
