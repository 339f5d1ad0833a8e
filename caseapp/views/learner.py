"""What residents see: catalogue, case intro, one page per step, answers and the summary."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import grading
from ..attempts import (
    AlreadyAnswered,
    QuestionNotFound,
    StepLocked,
    find_question,
    finish_if_complete,
    load_own_attempt,
    progress,
    record_answer,
    score,
    start_attempt,
)
from ..models import Attempt, Case
from ..questions import response_from_post
from ..questions.shown import Shown
from .step_context import step_context, step_url, stepper, version_images


def _own_attempt(request, attempt_id: int) -> tuple[Attempt, dict]:
    """The learner's attempt and its answers; someone else's attempt is indistinguishable
    from one that does not exist."""
    found = load_own_attempt(learner=request.user, attempt_id=attempt_id)
    if found is None:
        raise Http404("No such attempt.")
    return found


@require_GET
@login_required
def catalogue(request):
    cases = list(Case.objects.published().with_info())
    attempts, finished = {}, {}
    for attempt in Attempt.objects.filter(
        learner=request.user, case__in=cases, preview=False
    ).order_by("started_at", "pk"):
        attempts[attempt.case_id] = attempt  # the latest attempt wins
        if attempt.is_complete:
            finished[attempt.case_id] = attempt  # and the latest finished one
    rows = [
        {
            "case": case,
            "info": case.info,
            "attempt": attempts.get(case.pk),
            "finished": finished.get(case.pk),
        }
        for case in cases
    ]
    return render(request, "caseapp/learner/catalogue.html", {"rows": rows})


@require_GET
@login_required
def case_intro(request, case_id: int):
    case = get_object_or_404(Case.objects.published().with_info(), pk=case_id)
    # Every attempt in one query, newest first: each finished one stays reviewable.
    attempts = list(Attempt.objects.filter(learner=request.user, case=case, preview=False))
    return render(
        request,
        "caseapp/learner/intro.html",
        {
            "case": case,
            "info": case.info,
            "open_attempt": next((a for a in attempts if not a.is_complete), None),
            "finished": [a for a in attempts if a.is_complete],
        },
    )


@require_POST
@login_required
def start(request, case_id: int):
    case = get_object_or_404(Case.objects.published(), pk=case_id)
    attempt = start_attempt(learner=request.user, case=case)
    return redirect("caseapp:attempt_resume", attempt.pk)


@require_GET
@login_required
def attempt_resume(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    state = progress(attempt.content, answers)
    if state.complete:
        finish_if_complete(attempt, answers)
        return redirect("caseapp:summary", attempt.pk)
    return redirect(step_url(attempt, state.current))


def _locked(request, attempt: Attempt, state, message: str):
    return render(
        request,
        "caseapp/learner/locked.html",
        {
            "attempt": attempt,
            "case": attempt.content["case"],
            "state": state,
            "stepper": stepper(attempt, state),
            "message": message,
            "current_url": step_url(attempt, state.current) if state.current else None,
        },
        status=403,
    )


@require_GET
@login_required
def step(request, attempt_id: int, number: int):
    attempt, answers = _own_attempt(request, attempt_id)
    content = attempt.content
    if not 1 <= number <= len(content["steps"]):
        raise Http404("No such step.")
    state = progress(content, answers)
    if not state.unlocked(number):
        return _locked(
            request, attempt, state, "This step opens once you answer every question before it."
        )
    context = step_context(attempt, number, answers, state=state)
    return render(request, "caseapp/learner/step.html", context)


@require_POST
@login_required
def answer(request, attempt_id: int, question_key: str):
    outcome = _answer(request, attempt_id, question_key)
    attempt, answers, status = outcome.attempt, outcome.answers, outcome.status
    step_data = outcome.step
    content = attempt.content
    number = step_data["number"]
    state = progress(content, answers)
    if not state.unlocked(number):
        return _locked(
            request, attempt, state, "This step opens once you answer every question before it."
        )
    if status == 200 and not request.htmx:
        return redirect(f"{step_url(attempt, number)}#q-{question_key}")
    said = {"error": outcome.error, "notice": outcome.notice}
    if status != 200:
        said["posted"] = request.POST  # shown again next to what is wrong with it
    context = step_context(attempt, number, answers, state=state, errors={question_key: said})
    if request.htmx:
        # The question, with the stepper and navigation swapped in out of band.
        context["item"] = next(i for i in context["items"] if i.q["key"] == question_key)
        return render(request, "caseapp/learner/answered.html", context, status=status)
    return render(request, "caseapp/learner/step.html", context, status=status)


@dataclass
class _Outcome:
    """An answer post's result: the attempt and its answers after it, and what to say."""

    attempt: Attempt
    answers: dict
    step: dict
    status: int = 200
    error: str = ""
    notice: str = ""


def _answer(request, attempt_id: int, question_key: str) -> _Outcome:
    """Any answer, the general way: what was stored, or what is wrong with it."""
    attempt, answers = _own_attempt(request, attempt_id)
    try:
        step, question = find_question(attempt.content, question_key)
    except QuestionNotFound as exc:
        raise Http404(exc.message) from exc
    status, error, notice = 200, "", ""
    try:
        response = response_from_post(question, request.POST, version_images(attempt))
        answers = record_answer(
            attempt=attempt, question_key=question_key, response=response, answers=answers
        )
    except Attempt.DoesNotExist as exc:
        raise Http404("No such attempt.") from exc
    except grading.InvalidResponse as exc:
        status, error = 422, str(exc)
    except grading.InvalidSpec:
        # Only a draft seen in preview can hold a broken question; publishing refuses them.
        status, error = 422, "This question is not set up correctly yet; tell the case's author."
    except StepLocked as exc:
        status, error = exc.status, exc.message
    except AlreadyAnswered as exc:
        status, notice = exc.status, exc.message
        answers = dict(answers, **{question_key: exc.answer})  # perhaps from another tab
    return _Outcome(attempt, answers, step, status, error, notice)


@require_GET
@login_required
def summary(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    content = attempt.content
    state = progress(content, answers)
    if not state.complete:
        return _locked(request, attempt, state, "The summary opens once every step is answered.")
    finish_if_complete(attempt, answers)
    images = version_images(attempt)
    steps = [
        {
            "step": step,
            "items": [
                Shown(q, answers[q["key"]], images, number=f"{step['number']}.{n}")
                for n, q in enumerate(step["questions"], start=1)
            ],
        }
        for step in content["steps"]
    ]
    return render(
        request,
        "caseapp/learner/summary.html",
        {
            "attempt": attempt,
            "case": content["case"],
            "state": state,
            "stepper": stepper(attempt, state),
            "score": score(content, answers),
            "steps": steps,
        },
    )
