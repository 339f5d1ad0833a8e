"""Script an author types, in any authored field, never runs in a learner's page."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from caseapp.models import Attempt, Case, LabResult, Option, Question, Step, StepImage
from caseapp.publishing import publish
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    '<a href="javascript:alert(2)">link</a>[md](javascript:alert(3))'
    '"><svg onload=alert(4)>'
)


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script elements, event handlers, javascript: URLs."""

    def __init__(self, script_prefix: str):
        super().__init__()
        self.script_prefix = script_prefix
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").startswith(self.script_prefix):
            self.found.append(f"<script> without our src: {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(
                r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE
            ):
                self.found.append(f"<{tag} {name}={value}>")


def hostile_case() -> Case:
    from django.core.files.base import ContentFile

    text = f"Text {PAYLOAD}"
    case = Case.objects.create(
        title=text,
        slug="hostile",
        summary=text,
        objectives=text,
        objectives_review=text,
        diagnosis=text,
        teaching_points=text,
        references=text,
    )
    step = Step.objects.create(case=case, kind="presentation", title=text, body=text)
    image = StepImage(
        step=step,
        alt_text=text,
        alt_text_answered=text,
        caption=text,
        credit=text,
        annotations=[{"type": "arrow", "x1": 0.1, "y1": 0.1, "x2": 0.5, "y2": 0.5, "label": text}],
    )
    image.image.save("hostile.png", ContentFile(png_bytes()), save=False)
    image.save()
    short = "<svg onload=alert(5)>"  # for fields of 50 to 100 characters
    LabResult.objects.create(
        step=step, analyte=text, value=short, unit=short, reference_range=short, illustrative=True
    )
    kinds = {
        "single": {},
        "multiple": {},
        "ordering": {},
        "matching": {"distractors": text},
        "text": {"accepted_answers": "right"},
        "numeric": {"target": 5, "unit": "<svg onload=alert(6)>"},
        "hotspot": {
            "image": image,
            "regions": [{"shape": "rect", "x": 0, "y": 0, "w": 1, "h": 1}],
        },
    }
    for position, (kind, fields) in enumerate(kinds.items()):
        question = Question.objects.create(
            step=step,
            position=position,
            type=kind,
            stem=text,
            explanation=text,
            feedback_correct=text,
            feedback_incorrect=text,
            **fields,
        )
        if kind in ("single", "multiple", "ordering", "matching"):
            for i in range(2):
                Option.objects.create(
                    question=question,
                    position=i,
                    text=f"{i} {text}",
                    correct=i == 0,
                    match=f"match {i} {text}",
                    feedback=text,
                )
    publish(case)
    return case


def assert_inert(page: str, where: str, script_prefix: str = "/static/") -> None:
    parser = ActiveContent(script_prefix)
    parser.feed(page)
    assert parser.found == [], where


def test_payloads_in_every_authored_field_are_inert_in_every_learner_page(client_a):
    case = hostile_case()
    assert_inert(client_a.get(reverse("caseapp:catalogue")).content.decode(), "catalogue")
    assert_inert(client_a.get(case.get_absolute_url()).content.decode(), "intro")
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    step_url = reverse("caseapp:step", args=[attempt.pk, 1])
    before = client_a.get(step_url).content.decode()
    assert_inert(before, "step before answering")
    assert "&lt;script&gt;" in before  # shown as text, not dropped silently
    answers = {
        "single": {"choice": "a"},
        "multiple": {"choices": ["a"]},
        "ordering": {"rank-a": "1", "rank-b": "2"},
        "matching": {"match-p1": "r1", "match-p2": "r2"},
        "text": {"text": PAYLOAD},
        "numeric": {"value": "5"},
        "hotspot": {"x": "0.5", "y": "0.5"},
    }
    for question in attempt.version.content["steps"][0]["questions"]:
        url = reverse("caseapp:answer", args=[attempt.pk, question["key"]])
        fragment = client_a.post(url, answers[question["type"]], HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200, question["type"]
        assert_inert(fragment.content.decode(), f"feedback of {question['type']}")
    assert_inert(client_a.get(step_url).content.decode(), "step after answering")
    summary = client_a.get(reverse("caseapp:summary", args=[attempt.pk])).content.decode()
    assert_inert(summary, "summary")
    assert "&lt;script&gt;" in summary


def test_payloads_are_inert_in_exported_scorm_packages(tmp_path):
    import zipfile

    from django.core.management import call_command

    case = hostile_case()
    for version in ("1.2", "2004"):
        path = tmp_path / f"{version}.zip"
        call_command("export_scorm", case.slug, "--version", version, "--output", str(path))
        with zipfile.ZipFile(path) as archive:
            page = archive.read("index.html").decode()
            assert_inert(page, f"SCORM {version} index.html", script_prefix="assets/")
            assert "&lt;script&gt;" in page
