"""Under concurrent load every acknowledged answer is stored exactly once, scored as graded."""

import threading
from collections import Counter

import pytest

from caseapp import grading
from caseapp.attempts import score
from caseapp.models import Answer, Attempt
from tests.factories import make_case

from .clients import Learner, run_all

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 32


def answer_data(question: dict, right: bool) -> dict:
    if question["type"] == "single":
        return {"choice": question["spec"]["correct"] if right else "a"}
    return {"x": "0.2" if right else "0.9", "y": "0.5"}


def test_concurrent_learners_lose_nothing_and_count_nothing_twice(live_server):
    case = make_case(steps=6)
    learners = [Learner(live_server.url, f"learner{i}") for i in range(CLIENTS)]
    acknowledged: list[tuple[int, str, dict]] = []
    lock = threading.Lock()

    def walk(learner: Learner, index: int):
        def run():
            assert learner.post(f"/cases/{case.pk}/start/", {}, htmx=False) == 302
            attempt = Attempt.objects.get(learner__username=f"learner{index}")
            for n, step in enumerate(attempt.version.content["steps"]):
                for question in step["questions"]:
                    data = answer_data(question, right=(n + index) % 2 == 0)
                    url = f"/attempts/{attempt.pk}/questions/{question['key']}/answer/"
                    status = learner.post(url, data)
                    again = learner.post(url, data)  # an impatient double submit
                    assert again in (200, 409), again
                    if status == 200:
                        with lock:
                            acknowledged.append((attempt.pk, question["key"], data))

        return run

    run_all([walk(learner, i) for i, learner in enumerate(learners)])
    stored = Counter(Answer.objects.values_list("attempt_id", "question_key"))
    assert all(count == 1 for count in stored.values())
    assert {(a, q) for a, q, _ in acknowledged} == set(stored)
    assert len(acknowledged) == CLIENTS * 7
    for attempt in Attempt.objects.all():
        answers = {a.question_key: a for a in attempt.answers.all()}
        content = attempt.version.content
        for step in content["steps"]:
            for question in step["questions"]:
                stored_answer = answers[question["key"]]
                regraded = grading.grade(question["spec"], stored_answer.response)
                assert grading.parse_fraction(stored_answer.earned) == regraded.earned
        assert attempt.score_percent == score(content, answers).percent


def test_the_same_answer_from_two_tabs_at_once_is_stored_once(live_server):
    case = make_case(steps=2)
    learner = Learner(live_server.url, "twotabs")
    assert learner.post(f"/cases/{case.pk}/start/", {}, htmx=False) == 302
    attempt = Attempt.objects.get()
    question = attempt.version.content["steps"][0]["questions"][0]
    url = f"/attempts/{attempt.pk}/questions/{question['key']}/answer/"
    barrier = threading.Barrier(8)
    statuses = []

    def tab(choice):
        def run():
            barrier.wait()
            statuses.append(learner.post(url, {"choice": choice}))

        return run

    run_all([tab("b" if i % 2 else "a") for i in range(8)])
    assert sorted(statuses).count(200) == 1 and statuses.count(409) == 7
    (stored,) = Answer.objects.filter(attempt=attempt)
    assert stored.question_key == question["key"]
