"""Attempt workflows: start or resume, answer, progress and score."""

from contextlib import nullcontext
from dataclasses import dataclass
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import grading
from .answer_store import insert_counted
from .models import Answer, Attempt, Case, CaseVersion
from .snapshot import current_version
from .speed.prepared import Prepared
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


def required_before(content: dict, number: int) -> list[str]:
    """The questions to answer before step `number` opens: every question of the steps
    before it. The one statement of the rule: pages (progress) and answering use it."""
    earlier = content["steps"][: number - 1]
    return [q["key"] for step in earlier for q in step["questions"]]


def progress(content: dict, answered: set[str] | dict) -> Progress:
    """Which steps are complete and open, given the keys of the answered questions."""
    states = []
    current = None
    for step in content["steps"]:
        complete = all(q["key"] in answered for q in step["questions"])
        opened = all(key in answered for key in required_before(content, step["number"]))
        states.append(
            StepState(
                number=step["number"],
                kind_label=step["kind_label"],
                title=step["title"],
                complete=complete,
                unlocked=opened,
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
    db = Answer.objects.db
    answers = {}
    for row in _ANSWERS.rows(db, attempt_id=attempt.pk):
        answer = Answer.from_db(db, _ANSWER_FIELDS, row)
        answer.attempt = attempt
        answers[answer.question_key] = answer
    return answers


# Model.from_db() takes values in the model's field order.
_ATTEMPT_FIELDS = [f.attname for f in Attempt._meta.concrete_fields]
_ANSWER_FIELDS = [f.attname for f in Answer._meta.concrete_fields]


_ANSWERS = Prepared(
    lambda attempt_id: (
        Answer.objects.filter(attempt_id=attempt_id)
        .order_by("answered_at", "pk")
        .values_list(*_ANSWER_FIELDS)
    ),
    ["attempt_id"],
)
_OWN_ATTEMPT = Prepared(
    lambda attempt_id, learner_id: (
        Attempt.objects.filter(pk=attempt_id, learner_id=learner_id)
        .order_by("answers__answered_at", "answers__pk")
        .values_list(
            *_ATTEMPT_FIELDS,
            "version__digest",
            *(f"answers__{f.name}" for f in Answer._meta.concrete_fields),
        )
    ),
    ["attempt_id", "learner_id"],
)


def load_own_attempt(*, learner, attempt_id: int) -> tuple[Attempt, dict[str, Answer]] | None:
    """The learner's attempt and its answers by question key, in one query (None when the
    attempt is not theirs or does not exist). Its version comes without its content, which
    `attempt.content` takes from the per-process cache."""
    rows = _OWN_ATTEMPT.rows(Attempt.objects.db, attempt_id=attempt_id, learner_id=learner.pk)
    return _own_from_rows(rows, learner) if rows else None


def _own_from_rows(rows: list[tuple], learner) -> tuple[Attempt, dict[str, Answer]]:
    db = Attempt.objects.db
    n = len(_ATTEMPT_FIELDS)
    attempt = Attempt.from_db(db, _ATTEMPT_FIELDS, rows[0][:n])
    attempt.learner = learner
    attempt.version = CaseVersion.from_db(db, ["id", "digest"], [attempt.version_id, rows[0][n]])
    answers = {}
    for row in rows:
        if row[n + 1] is None:  # an attempt without answers joins one empty row
            continue
        answer = Answer.from_db(db, _ANSWER_FIELDS, row[n + 1 : n + 1 + len(_ANSWER_FIELDS)])
        answer.attempt = attempt
        answers[answer.question_key] = answer
    return attempt, answers


def record_answer(
    *, attempt: Attempt, question_key: str, response, answers: dict[str, Answer] | None = None
) -> dict[str, Answer]:
    """Grade and store one answer, once; finish the attempt when it was the last one.

    `answers` are the attempt's answers as the caller read them (read here when not given).
    Returns every answer of the attempt afterwards, other tabs' included. Raises
    QuestionNotFound, StepLocked, grading.InvalidResponse, AlreadyAnswered or
    Attempt.DoesNotExist (deleted meanwhile); in each case nothing is stored.
    """
    content = attempt.content
    step, question = find_question(content, question_key)
    result = grading.grade(question["spec"], response)
    if answers is None:
        answers = answers_by_key(attempt)
    if question_key in answers:
        raise AlreadyAnswered(ALREADY_ANSWERED, answers[question_key])
    # Answers only ever get added, so a step open in what was read stays open: no lock needed.
    if not answers.keys() >= set(required_before(content, step["number"])):
        raise StepLocked("This step opens once you answer every question before it.")
    answer = _graded(Answer(attempt=attempt), question_key, response, result)
    try:
        # The unique constraint on (attempt, question) refuses a second answer from another
        # tab, whatever the timing.
        with _savepoint_if_in_transaction():
            count = insert_counted(answer)
    except IntegrityError:
        first = Answer.objects.filter(attempt=attempt, question_key=question_key).first()
        if first is None:  # the attempt itself is gone (a preview restarted meanwhile)
            raise Attempt.DoesNotExist("This attempt no longer exists.") from None
        raise AlreadyAnswered(ALREADY_ANSWERED, first) from None
    attempt.answer_count = count
    answers = {**answers, question_key: answer}
    if count != len(answers):
        # Other tabs answered meanwhile: read them all. The count is exact (see
        # caseapp.answer_store), so the request that stored the last answer finishes the
        # attempt, and only it.
        answers = answers_by_key(attempt)
    finish_if_complete(attempt, answers)
    return answers


def _graded(answer: Answer, question_key: str, response, result) -> Answer:
    """The unsaved answer with the response given and what grading made of it."""
    answer.question_key, answer.response = question_key, response
    answer.earned, answer.correct = grading.fraction_to_str(result.earned), result.correct
    return answer


def _savepoint_if_in_transaction():
    # Inside a caller's transaction a savepoint keeps it usable after a refused insert;
    # outside one (a request) the statement commits on its own: no BEGIN/COMMIT.
    in_transaction = transaction.get_connection().in_atomic_block
    return transaction.atomic() if in_transaction else nullcontext()


ALREADY_ANSWERED = "You already answered this question; your first answer stands."


def finish_if_complete(attempt: Attempt, answers: dict[str, Answer]) -> None:
    """Record the attempt as finished, with its score, once every question is answered.

    Idempotent: when two requests see the last answer, the first write wins and the second
    (the same score, from the same answers) changes nothing."""
    content = attempt.content
    if attempt.completed_at is not None or not progress(content, answers).complete:
        return
    final = score(content, answers)
    now = timezone.now()
    Attempt.objects.filter(pk=attempt.pk, completed_at__isnull=True).update(
        completed_at=now, score_percent=final.percent, passed=final.passed
    )
    attempt.completed_at = now
    attempt.score_percent = final.percent
    attempt.passed = final.passed
