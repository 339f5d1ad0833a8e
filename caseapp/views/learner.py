"""What residents see: catalogue, case intro, one page per step, answers and the summary."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from .. import grading, versions
from ..attempts import (
    AlreadyAnswered,
    QuestionNotFound,
    StepLocked,
    find_question,
    finish_if_complete,
    load_own_attempt,
    progress,
    record_answer,
    record_answer_at_once,
    score,
    start_attempt,
)
from ..forms import response_from_post
from ..models import Attempt, Case
from . import slots
from .step_context import (
    answered_html,
    answered_item,
    images_of,
    question_item,
    signature,
    step_context,
    step_url,
    version_images,
)


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
    attempts = {}
    for attempt in Attempt.objects.filter(
        learner=request.user, case__in=cases, preview=False
    ).order_by("started_at", "pk"):
        attempts[attempt.case_id] = attempt  # the latest attempt wins
    rows = [
        {
            "case": case,
            "info": case.info,
            "attempt": attempts.get(case.pk),
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
    template = "caseapp/learner/step.html"
    questions = content["steps"][number - 1]["questions"]
    if questions and not any(q["key"] in answers for q in questions) and not get_messages(request):
        # Nothing of this learner's shows on the page yet: the version's cached copy serves.
        key = f"{number}:{signature(state)}"
        html = slots.page(
            request,
            attempt,
            key,
            template,
            lambda slot: step_context(slot, number, answers),
        )
        return HttpResponse(html)
    return render(request, template, step_context(attempt, number, answers))


@require_POST
@login_required
def answer(request, attempt_id: int, question_key: str):
    outcome = _answer_at_once(request, attempt_id, question_key) or _answer(
        request, attempt_id, question_key
    )
    attempt, answers, status = outcome.attempt, outcome.answers, outcome.status
    step_data, question = outcome.step, outcome.question
    content = attempt.content
    number = step_data["number"]
    state = progress(content, answers)
    if not state.unlocked(number):
        return _locked(
            request, attempt, state, "This step opens once you answer every question before it."
        )
    if status == 200 and not request.htmx:
        return redirect(f"{step_url(attempt, number)}#q-{question_key}")
    if request.htmx:
        # The answered question, with the stepper and navigation (the same for every
        # learner at this point of this version) swapped in out of band.
        progress_html = slots.page(
            request,
            attempt,
            f"progress:{number}:{signature(state)}",
            "caseapp/learner/answered.html#progress",
            lambda slot: step_context(slot, number, answers),
        )
        n = next(i for i, q in enumerate(step_data["questions"], 1) if q["key"] == question_key)

        context = {"attempt": attempt, "progress": mark_safe(progress_html)}
        number_in_step = f"{number}.{n}"
        if status == 200:
            # Feedback on this answer is the same for whoever gave it: rendered once.
            context["question_html"] = answered_html(
                attempt, question, answers[question_key], number_in_step
            )
        else:
            context["item"] = question_item(
                question,
                answers.get(question_key),
                version_images(attempt),
                number=number_in_step,
                error=outcome.error,
                notice=outcome.notice,
                posted=request.POST,
            )
        return render(request, "caseapp/learner/answered.html", context, status=status)
    context = step_context(
        attempt,
        number,
        answers,
        errors={
            question_key: {
                "error": outcome.error,
                "notice": outcome.notice,
                "posted": request.POST,
            }
        },
    )
    return render(request, "caseapp/learner/step.html", context, status=status)


@dataclass
class _Outcome:
    """An answer post's result: the attempt and its answers after it, and what to say."""

    attempt: Attempt
    answers: dict
    step: dict
    question: dict
    status: int = 200
    error: str = ""
    notice: str = ""


def _answer_at_once(request, attempt_id: int, question_key: str) -> _Outcome | None:
    """The usual answer in one database statement (attempts.record_answer_at_once), when the
    form names a version this worker holds; None otherwise, or when anything is amiss."""
    version = versions.held(request.POST.get("version", ""))
    if version is None:
        return None
    try:
        step, question = find_question(versions.content(version), question_key)
        response = response_from_post(question, request.POST, images_of(version))
    except (QuestionNotFound, grading.InvalidResponse):
        return None
    recorded = record_answer_at_once(
        learner=request.user,
        attempt_id=attempt_id,
        version=version,
        question_key=question_key,
        response=response,
    )
    return _Outcome(*recorded, step, question) if recorded else None


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
    return _Outcome(attempt, answers, step, question, status, error, notice)


@require_GET
@login_required
def summary(request, attempt_id: int):
    attempt, answers = _own_attempt(request, attempt_id)
    content = attempt.content
    state = progress(content, answers)
    if not state.complete:
        return _locked(request, attempt, state, "The summary opens once every step is answered.")
    finish_if_complete(attempt, answers)
    steps = [
        {
            "step": step,
            "items": [
                answered_item(attempt, q, answers[q["key"]], f"{step['number']}.{n}")
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
            "score": score(content, answers),
            "steps": steps,
        },
    )
