"""Each stored answer is counted on its attempt, exactly, even from tabs at the same moment."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from caseapp.answer_store import insert_counted
from caseapp.attempts import (
    load_own_attempt,
    record_answer,
    record_answer_at_once,
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


# The usual answer in one statement (PostgreSQL): every check the general way makes, in SQL.

ONE_STATEMENT = connection.vendor == "postgresql"


def at_once(learner, attempt, key: str, response: dict, version=None):
    return record_answer_at_once(
        learner=learner,
        attempt_id=attempt.pk,
        version=version or attempt.version,
        question_key=key,
        response=response,
    )


def first_questions(case):
    steps = case.published_version.content["steps"]
    return steps[0]["questions"][0], steps[1]["questions"][0]


@pytest.mark.django_db
def test_the_usual_answer_is_stored_graded_and_counted_in_one_statement(case):
    learner = make_user("usual")
    attempt = start_attempt(learner=learner, case=case)
    single, _ = first_questions(case)
    version = attempt.version
    with CaptureQueriesContext(connection) as captured:
        done = at_once(
            learner, attempt, single["key"], {"choice": single["spec"]["correct"]}, version
        )
    if not ONE_STATEMENT:  # SQLite: the caller takes the general way
        assert done is None and not Answer.objects.exists()
        return
    assert len(captured) == 1
    own, answers = done
    stored = Answer.objects.get()
    assert (stored.pk, stored.earned, stored.correct) == (answers[single["key"]].pk, "1", True)
    assert own.answer_count == 1 == Attempt.objects.get().answer_count


@pytest.mark.django_db
def test_one_statement_stores_nothing_when_a_check_fails(case):
    learner, other = make_user("owner"), make_user("other")
    attempt = start_attempt(learner=learner, case=case)
    single, later = first_questions(case)
    choice = {"choice": single["spec"]["correct"]}
    newer = publish_again(case)
    refused = {
        "another learner's attempt": at_once(other, attempt, single["key"], choice),
        "another version": at_once(learner, attempt, single["key"], choice, version=newer),
        "a step still locked": at_once(learner, attempt, later["key"], choice),
        "an unknown question": at_once(learner, attempt, "no-such-question", choice),
        "an invalid response": at_once(learner, attempt, single["key"], {"choice": ""}),
    }
    assert refused == dict.fromkeys(refused)  # all None
    assert not Answer.objects.exists() and Attempt.objects.get(pk=attempt.pk).answer_count == 0
    if ONE_STATEMENT:
        assert at_once(learner, attempt, single["key"], choice) is not None
        assert at_once(learner, attempt, single["key"], {"choice": "a"}) is None  # answered
        assert Answer.objects.get().response == choice
        assert Attempt.objects.get(pk=attempt.pk).answer_count == 1


def publish_again(case):
    """A newer version of the case, held by this process like any version in use."""
    from caseapp import versions
    from caseapp.publishing import publish

    step = case.steps.first()
    step.title = "Renamed step"
    step.save()
    publish(case)
    case.refresh_from_db()
    versions.content(case.published_version)
    return case.published_version


def two_tabs_at_once(learner, attempt, responses: list[tuple[str, dict]]) -> list:
    """Both answers sent at the same moment, each from its own tab; what each got back."""
    version, barrier, done = attempt.version, threading.Barrier(len(responses)), []

    def tab(key, response):
        def run():
            barrier.wait()
            done.append(at_once(learner, attempt, key, response, version))

        return run

    run_all([tab(key, response) for key, response in responses])
    return done


@pytest.mark.skipif(not ONE_STATEMENT, reason="one statement on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_one_statement_from_two_tabs_at_once_stores_and_counts_each_answer_once():
    case = make_case(steps=1)
    single, hotspot = case.published_version.content["steps"][0]["questions"]
    right = (single["key"], {"choice": single["spec"]["correct"]})
    for round_ in range(6):
        # The same answer from two tabs: stored once, counted once.
        learner = make_user(f"twice{round_}")
        attempt = start_attempt(learner=learner, case=case)
        done = two_tabs_at_once(learner, attempt, [right, right])
        assert sorted(d is None for d in done) == [False, True]
        attempt.refresh_from_db()
        assert (attempt.answer_count, attempt.answers.count()) == (1, 1)
        # The last two answers from two tabs: whichever comes last finishes the attempt.
        learner = make_user(f"last{round_}")
        attempt = start_attempt(learner=learner, case=case)
        done = two_tabs_at_once(
            learner, attempt, [right, (hotspot["key"], {"points": [[0.2, 0.5]]})]
        )
        assert None not in done
        attempt.refresh_from_db()
        assert (attempt.answer_count, attempt.score_percent) == (2, 100)
        assert attempt.completed_at is not None, f"round {round_}: left unfinished"
