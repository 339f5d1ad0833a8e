"""What a step page shows: its figures, its questions as forms or reviews, its progress."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from .. import answer_data, grading
from ..attempts import progress
from ..figures import overlay, stored_images
from ..models import CaseVersion
from . import slots


def step_url(attempt, number: int) -> str:
    return reverse("caseapp:step", args=[attempt.pk, number])


def question_item(
    question: dict, answer, images: dict, *, number=None, error="", notice="", posted=None
) -> dict:
    """One question as the page shows it: a form before answering, a review after."""
    item = {
        "q": question,
        "number": number,
        "error": error,
        "notice": notice,
        "answered": answer is not None,
    }
    if question.get("image"):
        item["image"] = images.get(question["image"])
    if answer is None:
        item["public"] = answer_data.public_data(question)
        if question["type"] == "ordering":
            item["ranks"] = range(1, len(item["public"]["items"]) + 1)
        if posted is not None:
            item["posted"] = posted_values(question["type"], item["public"], posted)
    else:
        result = grading.grade(question["spec"], answer.response)
        item["review"] = answer_data.review(question, answer.response, result)
        if question["type"] == "hotspot" and item.get("image"):
            image = item["image"]
            # The answered hotspot reveals the target: its arrows can show with it.
            shapes = item["review"]["regions"] + image["annotations"]
            item["review_overlay"] = overlay(image, shapes)
            item["review_markers"] = [
                {"x": x * image["width"], "y": y * image["height"]}
                for x, y in item["review"]["markers"]
            ]
    return item


def posted_values(kind: str, public: dict, data) -> dict:
    """What the learner sent, to show it again next to a message about it."""
    posted = {"choice": data.get("choice", ""), "choices": data.getlist("choices")}
    posted["text"] = data.get("text", "")
    posted["value"] = data.get("value", "")
    if kind == "ordering":
        public["items"] = [dict(i, rank=data.get(f"rank-{i['id']}", "")) for i in public["items"]]
    if kind == "matching":
        public["premises"] = [
            dict(p, chosen=data.get(f"match-{p['id']}", "")) for p in public["premises"]
        ]
    return posted


def answered_html(attempt, question: dict, answer, number: str) -> SafeString:
    """An answered question's markup (its review), rendered once per answer given."""

    def render():
        item = question_item(question, answer, version_images(attempt), number=number)
        return render_to_string(
            "caseapp/learner/step.html#question", {"item": item, "attempt": attempt}
        )

    return slots.answered_question(attempt, question, answer.response, render)


def answered_item(attempt, question: dict, answer, number: str) -> dict:
    """An answered question for a page's loop: its markup ready, nothing to render."""
    return {
        "q": question,
        "number": number,
        "error": "",
        "html": answered_html(attempt, question, answer, number),
    }


def version_images(attempt) -> dict[int, dict]:
    """The attempt's version's images with their URLs (see images_of)."""
    return images_of(attempt.version)


def images_of(version) -> dict[int, dict]:
    """The version's images with their URLs, built once per version (shared, read-only)."""
    return CaseVersion.objects.derived(version, "images", stored_images)


def signature(state) -> str:
    """Which steps are complete: with the step's number, all a page's progress depends on."""
    return "".join("1" if s.complete else "0" for s in state.steps)


def step_context(attempt, number: int, answers: dict, errors=None) -> dict:
    """What a step page shows."""
    content = attempt.content
    state = progress(content, answers)
    step = content["steps"][number - 1]
    images = version_images(attempt)
    errors = errors or {}
    step_complete = state.steps[number - 1].complete
    answered_on = {q["image"] for q in step["questions"] if q["type"] == "hotspot"}
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
        answered_item(attempt, q, answers[q["key"]], f"{number}.{n}")
        if q["key"] in answers and q["key"] not in errors
        else question_item(
            q,
            answers.get(q["key"]),
            images,
            number=f"{number}.{n}",
            error=errors.get(q["key"], {}).get("error", ""),
            posted=errors.get(q["key"], {}).get("posted"),
            notice=errors.get(q["key"], {}).get("notice", ""),
        )
        for n, q in enumerate(step["questions"], start=1)
    ]
    is_last = number == len(content["steps"])
    return {
        "attempt": attempt,
        "case": content["case"],
        "state": state,
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
