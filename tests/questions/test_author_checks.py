"""Author checks: one wording, shown on the admin field it is about and again at publishing."""

import html
import re

import pytest
from django.urls import reverse

from caseapp.models import Question
from caseapp.publishing import PublishError, publish
from tests.admin.test_authoring import inline, options, question_post
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def field_errors(response, field: str) -> list[str]:
    """The messages the admin shows on one field (its errorlist), in order."""
    page = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", found[1])] if found else []


def formset_errors(response) -> list[str]:
    page = response.content.decode()
    found = re.search(r'<ul class="errorlist nonform">(.*?)</ul>', page, re.S)
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", found[1])] if found else []


CASES = [
    ({"type": "hotspot"}, "image", "Choose the image the learner clicks on."),
    ({"type": "hotspot"}, "regions", "Draw at least one target region on the image."),
    ({"type": "text"}, "accepted_answers", "List at least one accepted answer."),
    ({"type": "numeric"}, "target", "Give the correct value."),
    (
        {"type": "numeric", "target": "3", "tolerance": "-1"},
        "tolerance",
        "The tolerance cannot be negative.",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), CASES, ids=[c[2] for c in CASES])
def test_the_admin_shows_each_author_check_once_on_its_own_field(ed, fields, field, message):
    step = make_case(status="draft").steps.first()
    response = ed.post(
        reverse("admin:caseapp_question_add"), {**question_post(step, **fields), **options()}
    )
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert response.content.decode().count(html.escape(message)) == 1
    assert not Question.objects.filter(stem="Which is best?").exists()


def test_a_numeric_question_missing_its_value_with_a_negative_tolerance_hears_of_both(ed):
    step = make_case(status="draft").steps.first()
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {**question_post(step, type="numeric", tolerance="-1"), **options()},
    )
    assert field_errors(response, "target") == ["Give the correct value."]
    assert field_errors(response, "tolerance") == ["The tolerance cannot be negative."]


def test_the_option_rows_hear_every_problem_of_a_single_best_answer(ed):
    step = make_case(status="draft").steps.first()
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {**question_post(step), **options(("Only", False))},
    )
    assert formset_errors(response) == [
        "Give at least two options.",
        "A single-best-answer question needs exactly one correct option (this one has 0).",
    ]


def test_a_matching_item_without_its_match_is_told_once(ed):
    step = make_case(status="draft").steps.first()
    rows = [
        {"position": 0, "text": "Sevelamer", "match": "Phosphate binder", "feedback": ""},
        {"position": 1, "text": "Pamidronate", "match": "", "feedback": ""},
    ]
    response = ed.post(
        reverse("admin:caseapp_question_add"),
        {**question_post(step, type="matching"), **inline("options", rows)},
    )
    assert formset_errors(response) == ["Give every item the choice it matches."]


def test_publishing_says_what_the_admin_says(ed):
    case = make_case(status="draft")
    step = case.steps.first()
    Question.objects.create(step=step, position=9, type="text", stem="Name it.")
    with pytest.raises(PublishError) as refused:
        publish(case)
    assert refused.value.problems == [
        "Step 1 (Presentation), question 3: List at least one accepted answer."
    ]
    response = ed.post(
        reverse("admin:caseapp_question_add"), {**question_post(step, type="text"), **options()}
    )
    assert field_errors(response, "accepted_answers") == ["List at least one accepted answer."]
