"""Each stored answer is counted on its attempt, exactly, even from tabs at the same moment."""

import threading

import pytest
from django.db import IntegrityError, transaction

from caseapp.answer_store import insert_counted
from caseapp.attempts import (
    load_own_attempt,
    record_answer,
    start_attempt,
)
from caseapp.models import Answer, Attempt
from tests.factories import make_case, make_user
from tests.reliability.clients import run_all


def unsaved(attempt, key: str) -> Answer:
    return Answer(
        attempt=attempt, question_key=key, response={"choice": "b"}, earned="1", correct=True
    )


@pytest.mark.django_db
def test_the_count_comes_back_with_each_answer_and_a_refused_one_counts_nothing(case):
    attempt = start_attempt(learner=make_user("counted"), case=case)
    assert insert_counted(unsaved(attempt, "q1")) == 1
    assert insert_counted(unsaved(attempt, "q2")) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_counted(unsaved(attempt, "q1"))
    attempt.refresh_from_db()
    assert attempt.answer_count == 2 == attempt.answers.count()


@pytest.mark.django_db(transaction=True)
def test_an_answer_to_an_attempt_that_is_gone_is_not_stored():
    case = make_case(steps=1)
    attempt = start_attempt(learner=make_user("gone"), case=case)
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises((Attempt.DoesNotExist, IntegrityError)):
        insert_counted(unsaved(attempt, "q1"))
    assert not Answer.objects.exists()


def answer_all_at_once(learner, attempt_id: int, responses: dict) -> list[bool]:
    """Each question from its own tab, all read before any answers; whether each finished."""
    barrier = threading.Barrier(len(responses))
    finished = []

    def tab(key):
        def run():
            own, answers = load_own_attempt(learner=learner, attempt_id=attempt_id)
            barrier.wait()
            after = record_answer(
                attempt=own, question_key=key, response=responses[key], answers=answers
            )
            assert key in after
            finished.append(own.completed_at is not None)

        return run

    run_all([tab(key) for key in responses])
    return finished


@pytest.mark.django_db(transaction=True)
def test_two_tabs_giving_the_last_two_answers_at_once_finish_the_attempt():
    # One step, two questions: each tab reads the attempt before either answers, so neither
    # sees the other's answer in what it read; the count still tells one of them it was last.
    case = make_case(steps=1)
    single, hotspot = case.published_version.content["steps"][0]["questions"]
    responses = {
        single["key"]: {"choice": single["spec"]["correct"]},
        hotspot["key"]: {"points": [[0.2, 0.5]]},  # inside its region, the left half
    }
    for round_ in range(8):
        learner = make_user(f"tabs{round_}")
        attempt = start_attempt(learner=learner, case=case)
        finished = answer_all_at_once(learner, attempt.pk, responses)
        attempt.refresh_from_db()
        assert attempt.completed_at is not None, f"round {round_}: left unfinished"
        assert (attempt.answer_count, attempt.score_percent) == (2, 100)
        assert True in finished
