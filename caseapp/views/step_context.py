"""What a step page shows: its figures, its questions as forms or reviews, its progress."""

from django.urls import reverse

from ..figures import overlay, stored_images
from ..models import CaseVersion
from ..questions import get
from ..questions.shown import Shown


def step_url(attempt, number: int) -> str:
    return reverse("caseapp:step", args=[attempt.pk, number])


def version_images(attempt) -> dict[int, dict]:
    """The attempt's version's images with their URLs, built once per version (shared,
    read-only)."""
    return CaseVersion.objects.derived(attempt.version, "images", stored_images)


def stepper(attempt, state, current: int | None = None) -> list[dict]:
    """The stepper's entries: each step, then the summary, with a link where it is open."""
    entries = []
    for s in state.steps:
        if s.number == current:
            css = "current"
        elif s.complete:
            css = "done"
        else:
            css = "" if s.unlocked else "locked"
        entries.append(
            {
                "label": f"{s.number}. {s.kind_label}",
                "url": step_url(attempt, s.number) if s.unlocked else "",
                "current": s.number == current,
                "complete": s.complete,
                "css": css,
            }
        )
    entries.append(
        {
            "label": "Summary",
            "url": reverse("caseapp:summary", args=[attempt.pk]) if state.complete else "",
            "current": False,
            "complete": False,
            "css": "done" if state.complete else "locked",
        }
    )
    return entries


def step_context(attempt, number: int, answers: dict, *, state, errors=None) -> dict:
    """What step `number` shows, given the attempt's progress (`state`, as the view checked
    it); `errors` by question key: what to say about a post."""
    content = attempt.content
    step = content["steps"][number - 1]
    images = version_images(attempt)
    errors = errors or {}
    step_complete = state.steps[number - 1].complete
    answered_on = {q["image"] for q in step["questions"] if get(q["type"]).needs_image}
    figures = []
    for image in step["images"]:
        if image["id"] in answered_on:
            continue  # shown inside its hotspot question instead
        shown = images[image["id"]]
        figures.append(
            {
                "image": shown,
                "before": images.get(image["compare_to"]) if image["compare_to"] else None,
                "overlay": overlay(shown, image["annotations"]) if step_complete else [],
            }
        )
    items = [
        Shown(
            q,
            answers.get(q["key"]),
            images,
            number=f"{number}.{n}",
            **errors.get(q["key"], {}),
        )
        for n, q in enumerate(step["questions"], start=1)
    ]
    is_last = number == len(content["steps"])
    return {
        "attempt": attempt,
        "case": content["case"],
        "state": state,
        "stepper": stepper(attempt, state, number),
        "errors": errors,
        "step": dict(step, any_illustrative=any(lab["illustrative"] for lab in step["labs"])),
        "step_complete": step_complete,
        "figures": figures,
        "items": items,
        "is_last": is_last,
        "next_url": (
            reverse("caseapp:summary", args=[attempt.pk])
            if is_last
            else step_url(attempt, number + 1)
        ),
    }
