"""Authoring in the admin: who gets in, and validation in words an educator understands."""

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caseapp import grading
from caseapp.models import Case, Option, Question, Step, StepImage
from tests.factories import make_case, png_bytes

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_residents_never_reach_the_admin(client_a):
    for url in ["/admin/", "/admin/caseapp/case/", "/admin/caseapp/question/add/"]:
        response = client_a.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_educators_reach_every_authoring_page(ed):
    case = make_case()
    step = case.steps.first()
    question = Question.objects.filter(step=step).first()
    for url in [
        "/admin/",
        reverse("admin:caseapp_case_changelist"),
        reverse("admin:caseapp_case_add"),
        reverse("admin:caseapp_case_change", args=[case.pk]),
        reverse("admin:caseapp_step_change", args=[step.pk]),
        reverse("admin:caseapp_question_add") + f"?step={step.pk}",
        reverse("admin:caseapp_question_change", args=[question.pk]),
    ]:
        assert ed.get(url).status_code == 200, url


def question_post(step, **fields) -> dict:
    data = {
        "step": step.pk,
        "position": 1,
        "type": "single",
        "stem": "Which is best?",
        "points": 1,
        "rule": "",
        "explanation": "",
        "regions": "[]",
        "accepted_answers": "",
        "target": "",
        "tolerance": "0",
        "unit": "",
        "distractors": "",
        "feedback_correct": "",
        "feedback_incorrect": "",
    }
    data.update(fields)
    return data


def options(*rows) -> dict:
    return inline(
        "options",
        [
            {"position": i, "text": text, "correct": "on" if correct else "", "feedback": "Why."}
            for i, (text, correct) in enumerate(rows)
        ],
    )


@pytest.mark.parametrize("correct", [0, 2])
def test_single_best_answer_needs_exactly_one_correct_option(ed, correct):
    step = make_case(status="draft").steps.first()
    rows = [("First", correct >= 1), ("Second", correct >= 2), ("Third", False)]
    response = ed.post(
        reverse("admin:caseapp_question_add"), {**question_post(step), **options(*rows)}
    )
    assert response.status_code == 200
    assert (
        f"A single-best-answer question needs exactly one correct option (this one has {correct})"
        in response.content.decode()
    )
    assert not Question.objects.filter(stem="Which is best?").exists()


def test_a_valid_single_best_answer_question_is_saved_with_its_options(ed):
    step = make_case(status="draft").steps.first()
    rows = [("First", False), ("Second", True), ("Third", False)]
    response = ed.post(
        reverse("admin:caseapp_question_add"), {**question_post(step), **options(*rows)}
    )
    assert response.status_code == 302
    question = Question.objects.get(stem="Which is best?")
    assert [o.text for o in question.options.all()] == ["First", "Second", "Third"]


def test_hotspot_question_needs_an_image_and_a_region(ed):
    step = make_case(status="draft").steps.first()
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {**question_post(step, type="hotspot"), **options()},
    )
    page = response.content.decode()
    assert "Choose the image the learner clicks on." in page
    assert "Draw at least one target region on the image." in page
    image = step.images.first()
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {
            **question_post(step, type="hotspot", image=image.pk, regions='[{"shape": "rect"}]'),
            **options(),
        },
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    region = '[{"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.1, "ry": 0.1}]'
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {**question_post(step, type="hotspot", image=image.pk, regions=region), **options()},
    )
    assert response.status_code == 302


def test_matching_needs_every_item_matched(ed):
    step = make_case(status="draft").steps.first()
    data = {**question_post(step, type="matching", distractors="Calcium carbonate")}
    data.update(
        inline(
            "options",
            [
                {"position": 0, "text": "Sevelamer", "match": "Phosphate binder", "feedback": ""},
                {"position": 1, "text": "Pamidronate", "match": "", "feedback": ""},
            ],
        )
    )
    response = ed.post(reverse("admin:caseapp_question_add"), data)
    assert "Give every item the choice it matches." in response.content.decode()


def step_image_post(step, **image_fields) -> dict:
    data = {
        "case": step.case_id,
        "position": step.position,
        "kind": step.kind,
        "title": step.title,
        "body": step.body,
        **inline("labs", []),
        **inline("questions", []),
    }
    row = {"position": 0, "alt_text": "", "alt_text_answered": "", "caption": "", "credit": ""}
    row.update({"annotations": "[]", "compare_to": ""})
    row.update(image_fields)
    data.update(inline("images", [row]))
    return data


def test_an_image_without_alt_text_is_refused(ed):
    step = make_case(status="draft").steps.first()
    before = StepImage.objects.count()
    data = step_image_post(step)
    data["images-0-image"] = SimpleUploadedFile("scan.png", png_bytes(), "image/png")
    response = ed.post(reverse("admin:caseapp_step_change", args=[step.pk]), data)
    assert response.status_code == 200
    assert "Describe the image for learners who cannot see it (alt text)." in (
        response.content.decode()
    )
    assert StepImage.objects.count() == before


def case_post(case, steps: list[tuple[str, str]]) -> dict:
    data = {
        "title": case.title,
        "slug": case.slug,
        "summary": case.summary,
        "objectives": "",
        "objectives_review": "",
        "diagnosis": "",
        "teaching_points": "",
        "references": "",
        "estimated_minutes": 10,
        "pass_mark": 50,
    }
    data.update(
        inline(
            "steps",
            [
                {"position": i, "kind": kind, "title": title}
                for i, (kind, title) in enumerate(steps)
            ],
        )
    )
    return data


def test_steps_out_of_timeline_order_are_refused(ed):
    case = Case.objects.create(title="Draft", slug="draft", summary="S")
    response = ed.post(
        reverse("admin:caseapp_case_change", args=[case.pk]),
        case_post(case, [("presentation", "First"), ("laboratory", "Labs"), ("imaging", "CT")]),
    )
    assert response.status_code == 200
    assert "Step 3 (Imaging) cannot come after Laboratory" in response.content.decode()
    assert not Step.objects.exists()
    response = ed.post(
        reverse("admin:caseapp_case_change", args=[case.pk]),
        case_post(case, [("presentation", "First"), ("imaging", "CT"), ("imaging", "MRI")]),
    )
    assert response.status_code == 302
    assert list(case.steps.values_list("title", flat=True)) == ["First", "CT", "MRI"]


def test_a_case_without_questions_cannot_be_published(ed):
    case = Case.objects.create(title="Empty", slug="empty", summary="S")
    Step.objects.create(case=case, kind="presentation", title="Only text")
    response = ed.post(reverse("admin:caseapp_case_publish", args=[case.pk]), follow=True)
    assert "A case with no questions cannot be published." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT and case.published_version is None


def test_publishing_from_the_admin_makes_the_case_available(ed, client_a):
    case = make_case(status="draft")
    assert client_a.get(case.get_absolute_url()).status_code == 404
    response = ed.post(reverse("admin:caseapp_case_publish", args=[case.pk]), follow=True)
    assert "is published as version 1" in response.content.decode()
    assert client_a.get(case.get_absolute_url()).status_code == 200


def test_a_bad_option_row_in_a_published_case_blocks_publishing_with_its_place(ed):
    case = make_case(status="draft", steps=2)
    question = Question.objects.filter(step__case=case, type="single").last()
    Option.objects.filter(question=question).update(correct=True)
    response = ed.post(reverse("admin:caseapp_case_publish", args=[case.pk]), follow=True)
    assert "Step 2 (Diagnosis), question 1: A single-best-answer question needs exactly" in (
        response.content.decode()
    )


def test_markdown_preview_is_sanitized_and_for_staff_only(ed, client_a):
    url = reverse("markdown_preview")
    payload = "**bold** <script>alert(1)</script> <img src=x onerror=alert(1)>"
    html = ed.post(url, {"text": payload}).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "onerror" not in html
    assert client_a.post(url, {"text": payload}).status_code == 302
    assert get_user_model().objects.filter(is_staff=True).count() == 1


def test_educators_export_and_import_archives_from_the_admin(ed):
    import io

    case = make_case(slug="to-export")
    response = ed.get(reverse("admin:caseapp_case_export", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="to-export.zip"')
    archive = b"".join(response.streaming_content)
    case.delete()
    upload = SimpleUploadedFile("to-export.zip", archive, "application/zip")
    response = ed.post(reverse("admin:caseapp_case_import"), {"archive": upload})
    assert response.status_code == 302
    imported = Case.objects.get(slug="to-export")
    assert imported.steps.count() == 6
    again = SimpleUploadedFile("to-export.zip", archive, "application/zip")
    page = ed.post(reverse("admin:caseapp_case_import"), {"archive": again}).content.decode()
    assert "Nothing was imported" in page and "already exists" in page
    bad = SimpleUploadedFile("x.zip", io.BytesIO(b"nope").getvalue(), "application/zip")
    page = ed.post(reverse("admin:caseapp_case_import"), {"archive": bad}).content.decode()
    assert "not a case archive" in page
    assert Case.objects.count() == 1


def test_educators_download_scorm_packages_of_published_cases(ed):
    import zipfile
    from io import BytesIO

    case = make_case(slug="scorm-me")
    for version in ("1.2", "2004"):
        response = ed.get(reverse("admin:caseapp_case_scorm", args=[case.pk, version]))
        assert response.status_code == 200
        archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
        assert "imsmanifest.xml" in archive.namelist()
    draft = make_case(slug="draft-scorm", status="draft")
    response = ed.get(reverse("admin:caseapp_case_scorm", args=[draft.pk, "1.2"]), follow=True)
    assert "Publish the case before exporting it." in response.content.decode()


def test_save_and_publish_saves_the_edits_first_and_publishes_nothing_invalid(ed):
    case = make_case(status="draft", steps=2)
    data = case_post(case, [("presentation", "First"), ("diagnosis", "Second")])
    for i, step in enumerate(case.steps.all()):
        data[f"steps-{i}-id"] = step.pk
        data[f"steps-{i}-case"] = case.pk
    data["steps-INITIAL_FORMS"] = "2"
    data["summary"] = "EDITED SUMMARY"
    response = ed.post(
        reverse("admin:caseapp_case_change", args=[case.pk]), {**data, "_publish": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.summary == "EDITED SUMMARY"
    assert case.published_version.content["case"]["summary"] == "EDITED SUMMARY"
    bad = {**data, "steps-1-kind": "presentation", "steps-0-kind": "diagnosis", "_publish": "1"}
    bad["summary"] = "NOT SAVED"
    response = ed.post(reverse("admin:caseapp_case_change", args=[case.pk]), bad)
    assert (
        response.status_code == 200 and "cannot come after Diagnosis" in response.content.decode()
    )
    case.refresh_from_db()
    assert case.summary == "EDITED SUMMARY" and case.published_version.number == 1


def test_the_step_page_keeps_the_timeline_order_too(ed):
    case = make_case(status="draft", steps=2)
    first, second = case.steps.all()
    data = step_image_post(second)
    data["images-TOTAL_FORMS"] = "0"
    data["kind"] = "presentation"
    response = ed.post(reverse("admin:caseapp_step_change", args=[second.pk]), data)
    assert response.status_code == 302  # presentation after presentation is fine
    first.kind = "imaging"
    first.save()
    response = ed.post(reverse("admin:caseapp_step_change", args=[second.pk]), data)
    assert response.status_code == 200
    assert "Step 2 (Presentation) cannot come after Imaging" in response.content.decode()
    second.refresh_from_db()
    assert second.kind == "presentation"


class _Elements(HTMLParser):
    def __init__(self, tag):
        super().__init__()
        self.tag, self.found = tag, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.found.append(dict(attrs))


def elements(response, tag: str, **attrs) -> list[dict]:
    """The attributes of each <tag> on the page whose attributes include attrs."""
    parser = _Elements(tag)
    parser.feed(response.content.decode())
    return [found for found in parser.found if attrs.items() <= found.items()]


def region_editor(response) -> dict:
    (editor,) = elements(response, "textarea", name="regions")
    return editor


def test_a_refused_new_hotspot_question_still_draws_on_its_chosen_image(ed):
    step = make_case(status="draft").steps.first()
    image = step.images.first()
    response = ed.post(
        reverse("admin:caseapp_question_add") + f"?step={step.pk}",
        {**question_post(step, type="hotspot", image=image.pk), **options()},
    )
    assert "Draw at least one target region on the image." in response.content.decode()
    editor = region_editor(response)
    assert editor["data-image-url"] == image.image.url
    assert editor["data-image-width"] == str(image.width)


def test_the_region_editor_asks_to_choose_an_image_not_to_save_first(ed):
    step = make_case(status="draft").steps.first()
    image = step.images.first()
    response = ed.get(reverse("admin:caseapp_question_add") + f"?step={step.pk}")
    editor = region_editor(response)
    assert editor["data-no-image"] == "Choose the image above to draw on it."
    assert editor["data-image-url"] == ""
    assert json.loads(editor["data-image-choices"])[str(image.pk)]["url"] == image.image.url
    bare = Step.objects.create(case=step.case, position=9, kind="follow_up", title="Later")
    response = ed.get(reverse("admin:caseapp_question_add") + f"?step={bare.pk}")
    assert region_editor(response)["data-no-image"].startswith("This step has no images yet")


def test_rule_choices_are_short_names_and_every_rule_is_explained_beside_them(ed):
    response = ed.get(reverse("admin:caseapp_question_add"))
    (select,) = elements(response, "select", name="rule")
    page = response.content.decode()
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", page.split('name="rule"')[1])[:8]
    assert labels[:3] == ["The type&#x27;s default rule", "All or nothing", "Right minus wrong"]
    assert max(len(label) for label in labels) < 30
    for text in grading.RULES.values():
        assert html.escape(text) in page
    assert select["aria-describedby"] == "id_rule_helptext"


def test_a_new_question_offers_empty_option_rows_numbered_in_order(ed):
    step = make_case(status="draft").steps.first()
    response = ed.get(reverse("admin:caseapp_question_add") + f"?step={step.pk}")
    assert elements(response, "input", name="options-TOTAL_FORMS")[0]["value"] == "4"
    positions = [elements(response, "input", name=f"options-{i}-position") for i in range(4)]
    assert [found[0]["value"] for found in positions] == ["1", "2", "3", "4"]
    change = ed.get(reverse("admin:caseapp_question_change", args=[step.questions.first().pk]))
    assert elements(change, "input", name="options-TOTAL_FORMS")[0]["value"] == "3"


def test_empty_option_rows_are_neither_checked_nor_saved_even_when_moved(ed):
    step = make_case(status="draft").steps.first()
    rows = [
        {"position": 1, "text": "Sit up", "feedback": ""},
        {"position": 2, "text": "Lie down", "feedback": ""},
        {"position": 4, "text": "", "feedback": ""},  # an empty row moved below the next one
        {"position": 3, "text": "", "feedback": ""},
    ]
    response = ed.post(
        reverse("admin:caseapp_question_add") + f"?step={step.pk}",
        {**question_post(step, type="ordering", stem="In which order?"), **inline("options", rows)},
    )
    assert response.status_code == 302, response.content.decode()
    question = Question.objects.get(stem="In which order?")
    assert [o.text for o in question.options.all()] == ["Sit up", "Lie down"]


def test_saving_a_question_opened_from_its_step_returns_to_the_step(ed):
    step = make_case(status="draft").steps.first()
    step_page = reverse("admin:caseapp_step_change", args=[step.pk])
    rows = options(("First", True), ("Second", False))
    response = ed.post(
        reverse("admin:caseapp_question_add") + f"?step={step.pk}", {**question_post(step), **rows}
    )
    assert response["Location"] == step_page
    question = Question.objects.get(stem="Which is best?")
    (link,) = elements(ed.get(step_page), "a", href=f"{question_url(question)}?step={step.pk}")
    data = {**question_post(step, stem="Which is better?"), **inline_of(question)}
    response = ed.post(f"{question_url(question)}?step={step.pk}", data)
    assert response["Location"] == step_page


def test_saving_a_question_opened_elsewhere_stays_on_the_question(ed):
    step = make_case(status="draft").steps.first()
    rows = options(("First", True), ("Second", False))
    response = ed.post(reverse("admin:caseapp_question_add"), {**question_post(step), **rows})
    question = Question.objects.get(stem="Which is best?")
    assert response["Location"] == question_url(question)
    data = {**question_post(step, stem="Which is better?"), **inline_of(question)}
    response = ed.post(question_url(question), data)
    assert response["Location"] == question_url(question)
    assert "was changed successfully" in ed.get(question_url(question)).content.decode()


def test_save_and_add_another_offers_a_question_on_the_same_step(ed):
    step = make_case(status="draft").steps.first()
    rows = options(("First", True), ("Second", False))
    response = ed.post(
        reverse("admin:caseapp_question_add"), {**question_post(step), **rows, "_addanother": "1"}
    )
    assert response["Location"] == reverse("admin:caseapp_question_add") + f"?step={step.pk}"


def question_url(question) -> str:
    return reverse("admin:caseapp_question_change", args=[question.pk])


def inline_of(question) -> dict:
    """The option rows as the question's change page posts them back."""
    rows = [
        {"id": o.pk, "question": question.pk, "position": o.position, "text": o.text}
        | ({"correct": "on"} if o.correct else {})
        for o in question.options.all()
    ]
    return inline("options", rows, initial=len(rows))


def test_the_case_page_opens_each_step_from_a_column_of_its_own(ed, case):
    page = ed.get(reverse("admin:caseapp_case_change", args=[case.pk])).content.decode()
    for step in case.steps.all():
        url = reverse("admin:caseapp_step_change", args=[step.pk])
        # Not inside the row's heading, which the admin cuts to one line.
        cell = rf'<td class="field-open_step">\s*<p>\s*<a href="{url}">Open the step</a>'
        assert re.search(cell, page), url
