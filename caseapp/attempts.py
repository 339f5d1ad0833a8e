"""Attempt workflows: start or resume, answer, progress and score."""

from dataclasses import dataclass
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import grading
from .models import Answer, Attempt, Case
from .snapshot import current_version
from .text import points


class AttemptError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QuestionNotFound(AttemptError):
    status = 404


class StepLocked(AttemptError):
    status = 403


class AlreadyAnswered(AttemptError):
    status = 409

    def __init__(self, message: str, answer: Answer):
        super().__init__(message)
        self.answer = answer


@dataclass(frozen=True)
class StepState:
    number: int
    kind_label: str
    title: str
    complete: bool
    unlocked: bool


@dataclass(frozen=True)
class Progress:
    steps: list[StepState]
    current: int | None  # the first step with an unanswered question; None when all are done

    @property
    def complete(self) -> bool:
        return self.current is None

    def unlocked(self, number: int) -> bool:
        return 1 <= number <= len(self.steps) and self.steps[number - 1].unlocked


@dataclass(frozen=True)
class Score:
    earned: Fraction
    possible: int
    percent: int
    passed: bool

    @property
    def earned_display(self) -> str:
        return points(self.earned)


def start_attempt(*, learner, case: Case) -> Attempt:
    """The learner's unfinished attempt at the case, or a new one on its published version.

    An unfinished attempt keeps the version it started on, whatever is published since.
    """
    open_attempt = Attempt.objects.filter(
        learner=learner, case=case, preview=False, completed_at__isnull=True
    ).first()
    if open_attempt:
        return open_attempt
    if case.published_version_id is None:
        raise AttemptError("This case is not published.")
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                learner=learner, case=case, version_id=case.published_version_id
            )
    except IntegrityError:
        # A second "start" raced this one: both land on the same attempt.
        return Attempt.objects.get(
            learner=learner, case=case, preview=False, completed_at__isnull=True
        )


def start_preview(*, educator, case: Case) -> Attempt:
    """A fresh preview of the case as it is now (draft included); previews never count."""
    version = current_version(case)
    with transaction.atomic():
        Attempt.objects.filter(
            learner=educator, case=case, preview=True, completed_at__isnull=True
        ).delete()
        return Attempt.objects.create(learner=educator, case=case, version=version, preview=True)


def find_question(content: dict, key: str) -> tuple[dict, dict]:
    """The step and question with this key in a version's content."""
    for step in content["steps"]:
        for question in step["questions"]:
            if question["key"] == key:
                return step, question
    raise QuestionNotFound("There is no such question in this case.")


def progress(content: dict, answered: set[str] | dict) -> Progress:
    """Which steps are complete and open, given the keys of the answered questions."""
    states = []
    current = None
    for step in content["steps"]:
        complete = all(q["key"] in answered for q in step["questions"])
        states.append(
            StepState(
                number=step["number"],
                kind_label=step["kind_label"],
                title=step["title"],
                complete=complete,
                unlocked=current is None,
            )
        )
        if not complete and current is None:
            current = step["number"]
    return Progress(steps=states, current=current)


def score(content: dict, answers: dict[str, Answer]) -> Score:
    possible = sum(q["points"] for step in content["steps"] for q in step["questions"])
    earned = sum((grading.parse_fraction(a.earned) for a in answers.values()), Fraction(0))
    percent = grading.percent(earned, possible)
    return Score(
        earned=earned,
        possible=possible,
        percent=percent,
        passed=grading.passed(percent, content["case"]["pass_mark"]),
    )


def answers_by_key(attempt: Attempt) -> dict[str, Answer]:
    return {answer.question_key: answer for answer in attempt.answers.all()}


def record_answer(*, attempt: Attempt, question_key: str, response) -> Answer:
    """Grade and store one answer, once; finish the attempt when it was the last one.

    Raises QuestionNotFound, StepLocked, grading.InvalidResponse or AlreadyAnswered; in
    each case nothing is stored.
    """
    content = attempt.version.content
    step, question = find_question(content, question_key)
    result = grading.grade(question["spec"], response)
    with transaction.atomic():
        # Lock the attempt so answers to one attempt are taken one at a time: the last one
        # sees every other and finishes the attempt exactly once.
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        answers = answers_by_key(locked)
        if question_key in answers:
            raise AlreadyAnswered(
                "You already answered this question; your first answer stands.",
                answers[question_key],
            )
        if not progress(content, answers).unlocked(step["number"]):
            raise StepLocked("This step opens once you answer every question before it.")
        answer = Answer.objects.create(
            attempt=locked,
            question_key=question_key,
            response=response,
            earned=grading.fraction_to_str(result.earned),
            correct=result.correct,
        )
        answers[question_key] = answer
        if progress(content, answers).complete and locked.completed_at is None:
            final = score(content, answers)
            locked.completed_at = timezone.now()
            locked.score_percent = final.percent
            locked.passed = final.passed
            locked.save(update_fields=["completed_at", "score_percent", "passed"])
        attempt.completed_at = locked.completed_at
        attempt.score_percent = locked.score_percent
        attempt.passed = locked.passed
    return answer
