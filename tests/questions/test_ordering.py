"""Answer data as the page holds it before answering: nothing that gives the key away."""

import pytest

from caseapp.models import Option, Question
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_ordering_ids_do_not_follow_the_correct_order():
    step = make_case(status="draft").steps.first()
    leaks = 0
    for n in range(20):
        question = Question.objects.create(step=step, type="ordering", stem=f"Order {n}")
        rows = [Option(question=question, position=i, text=f"Item {i}") for i in range(5)]
        data = question.answer_data(rows)
        if data["correct_order"] == sorted(data["correct_order"]):
            leaks += 1
    assert leaks <= 1  # a shuffle may land in order by chance, but not as a rule
