"""A question's authored answer data: its checks, its grading spec, and what a learner sees.

Answer data shapes, by question type:

- single, multiple: {"options": [{"id", "text", "correct", "feedback"}]}
- hotspot: {"regions": [region, ...], "feedback_correct", "feedback_incorrect"}
- ordering: {"items": [{"id", "text", "feedback"}], "correct_order": [id, ...]}
- text: {"accepted": [str, ...], "feedback_correct", "feedback_incorrect"}
- numeric: {"target", "tolerance", "unit", "feedback_correct", "feedback_incorrect"}
- matching: {"premises": [{"id", "text", "correct", "feedback"}], "responses": [{"id", "text"}]}

Nothing returned by `public_data` carries a key, a correctness flag or feedback: it is what
the learner's page may hold before the question is answered.
"""

import random
import string
from decimal import Decimal
from typing import Any

from . import grading
from .text import lines, points

OPTION_IDS = string.ascii_lowercase
# The "hits" rule in words for the usual hotspot: one click, any target region.
ONE_CLICK_RULE = "Full marks when your click falls inside a target region; none otherwise."


def _option_id(index: int) -> str:
    """a, b, … z, then aa, ab, …: short, stable ids in authored order."""
    if index < len(OPTION_IDS):
        return OPTION_IDS[index]
    return _option_id(index // len(OPTION_IDS) - 1) + OPTION_IDS[index % len(OPTION_IDS)]


def _number(value: Decimal | int | float | None):
    """A JSON number for a decimal: an int when whole, else the shortest float."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def from_rows(question, options: list) -> dict:
    """Answer data in its plain shape from a Question and its Option rows (in order)."""
    kind = question.type
    if kind in ("single", "multiple"):
        return {
            "options": [
                {"id": _option_id(i), "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for i, o in enumerate(options)
            ]
        }
    if kind == "ordering":
        # Ids in key order would give the order away (rank-a first): shuffle them, stably.
        ids = [_option_id(i) for i in range(len(options))]
        random.Random(f"caseapp-ids-{question.pk}").shuffle(ids)
        items = [
            {"id": ids[i], "text": o.text, "feedback": o.feedback} for i, o in enumerate(options)
        ]
        return {"items": items, "correct_order": [item["id"] for item in items]}
    if kind == "matching":
        # Choices are listed alphabetically so their order never mirrors the items'.
        texts = sorted(
            {o.match.strip() for o in options if o.match.strip()}
            | set(lines(question.distractors)),
            key=str.casefold,
        )
        ids = {text: f"r{i}" for i, text in enumerate(texts, start=1)}
        return {
            "premises": [
                {
                    "id": f"p{i}",
                    "text": o.text,
                    "correct": ids.get(o.match.strip(), ""),
                    "feedback": o.feedback,
                }
                for i, o in enumerate(options, start=1)
            ],
            "responses": [{"id": ids[text], "text": text} for text in texts],
        }
    feedback = {
        "feedback_correct": question.feedback_correct,
        "feedback_incorrect": question.feedback_incorrect,
    }
    if kind == "hotspot":
        return {"regions": question.regions or [], **feedback}
    if kind == "text":
        return {"accepted": lines(question.accepted_answers), **feedback}
    if kind == "numeric":
        return {
            "target": _number(question.target),
            "tolerance": _number(question.tolerance) or 0,
            "unit": question.unit,
            **feedback,
        }
    return {}


def to_rows(kind: str, data: dict) -> tuple[dict, list[dict]]:
    """Question fields and Option rows from answer data in its plain shape (for imports)."""
    fields: dict[str, Any] = {
        "feedback_correct": data.get("feedback_correct", ""),
        "feedback_incorrect": data.get("feedback_incorrect", ""),
    }
    options: list[dict] = []
    if kind in ("single", "multiple"):
        options = [
            {
                "text": o["text"],
                "correct": bool(o.get("correct")),
                "feedback": o.get("feedback", ""),
            }
            for o in data["options"]
        ]
    elif kind == "ordering":
        items = {item["id"]: item for item in data["items"]}
        options = [
            {"text": items[i]["text"], "feedback": items[i].get("feedback", "")}
            for i in data["correct_order"]
        ]
    elif kind == "matching":
        responses = {r["id"]: r["text"] for r in data["responses"]}
        options = [
            {"text": p["text"], "match": responses[p["correct"]], "feedback": p.get("feedback", "")}
            for p in data["premises"]
        ]
        used = {p["correct"] for p in data["premises"]}
        fields["distractors"] = "\n".join(
            r["text"] for r in data["responses"] if r["id"] not in used
        )
    elif kind == "hotspot":
        fields["regions"] = data["regions"]
    elif kind == "text":
        fields["accepted_answers"] = "\n".join(data["accepted"])
    elif kind == "numeric":
        fields["target"] = Decimal(str(data["target"]))
        fields["tolerance"] = Decimal(str(data.get("tolerance", 0)))
        fields["unit"] = data.get("unit", "")
    return fields, options


def author_problems(*, type: str, points: int, rule: str, data: dict, has_image: bool) -> list[str]:
    """What is wrong with a question, in words an educator understands; [] when it is sound."""
    problems = []
    options = data.get("options") or data.get("items") or data.get("premises") or []
    if type in ("single", "multiple", "ordering", "matching") and len(options) < 2:
        problems.append("Give at least two options.")
    if type == "single":
        correct = sum(1 for o in data.get("options", []) if o.get("correct"))
        if correct != 1:
            problems.append(
                "A single-best-answer question needs exactly one correct option "
                f"(this one has {correct})."
            )
    elif type == "multiple":
        if not any(o.get("correct") for o in data.get("options", [])):
            problems.append("Mark at least one option as correct.")
    elif type == "matching":
        if any(not p["correct"] for p in data.get("premises", [])):
            problems.append("Give every item the choice it matches.")
    elif type == "hotspot":
        if not has_image:
            problems.append("Choose the image the learner clicks on.")
        if not data.get("regions"):
            problems.append("Draw at least one target region on the image.")
    elif type == "text":
        if not data.get("accepted"):
            problems.append("List at least one accepted answer.")
    elif type == "numeric":
        if data.get("target") is None:
            problems.append("Give the correct value.")
        elif data.get("tolerance", 0) < 0:
            problems.append("The tolerance cannot be negative.")
    if problems:
        return problems
    return check(type=type, points=points, rule=rule, data=data)


def grading_spec(*, type: str, points: int, rule: str, data: dict) -> dict:
    """Compile authored answer data to the plain grading spec shared with the SCORM player."""
    spec: dict[str, Any] = {"v": grading.SPEC_VERSION, "type": type, "points": points}
    if rule:
        spec["rule"] = rule
    if type == "single":
        spec["options"] = [o["id"] for o in data["options"]]
        correct = [o["id"] for o in data["options"] if o.get("correct")]
        spec["correct"] = correct[0] if len(correct) == 1 else correct
    elif type == "multiple":
        spec["options"] = [o["id"] for o in data["options"]]
        spec["correct"] = [o["id"] for o in data["options"] if o.get("correct")]
    elif type == "hotspot":
        spec["regions"] = data["regions"]
        spec["required"] = data.get("required", 1)
    elif type == "ordering":
        spec["correct"] = list(data["correct_order"])
    elif type == "matching":
        spec["premises"] = [p["id"] for p in data["premises"]]
        spec["responses"] = [r["id"] for r in data["responses"]]
        spec["correct"] = {p["id"]: p["correct"] for p in data["premises"]}
        if data.get("one_to_one"):
            spec["one_to_one"] = True
    elif type == "text":
        spec["accepted"] = list(data["accepted"])
    elif type == "numeric":
        spec["target"] = data["target"]
        spec["tolerance"] = data.get("tolerance", 0)
    else:
        raise grading.InvalidSpec(f"Unknown question type {type!r}.")
    return spec


def check(*, type: str, points: int, rule: str, data: Any) -> list[str]:
    """Problems with a question's answer data, in words an author understands; [] when sound."""
    if not isinstance(data, dict):
        return ["The answer data must be an object."]
    try:
        spec = grading_spec(type=type, points=points, rule=rule, data=data)
        grading.check_spec(spec)
    except (KeyError, TypeError, IndexError) as exc:
        return [f"The answer data is missing or has a malformed part ({exc})."]
    except grading.InvalidSpec as exc:
        return [str(exc)]
    return []


def display_order(question_key: str, ids: list[str], correct: list[str]) -> list[str]:
    """A stable shuffle of an ordering question's items: never the key, nor (from three
    items on) the key reversed, so the starting order tells nothing."""
    rng = random.Random(f"caseapp-order-{question_key}")
    giveaways = [list(correct), list(reversed(correct))] if len(ids) > 2 else [list(correct)]
    order = list(ids)
    for _ in range(50):
        rng.shuffle(order)
        if order not in giveaways:
            return order
    return order[1:] + order[:1]


def public_data(question: dict) -> dict:
    """What the page may show before the question is answered: texts and ids only."""
    data = question["data"]
    kind = question["type"]
    if kind in ("single", "multiple"):
        return {"options": [{"id": o["id"], "text": o["text"]} for o in data["options"]]}
    if kind == "ordering":
        by_id = {item["id"]: item for item in data["items"]}
        ids = display_order(question["key"], list(by_id), data["correct_order"])
        return {"items": [{"id": i, "text": by_id[i]["text"]} for i in ids]}
    if kind == "matching":
        return {
            "premises": [{"id": p["id"], "text": p["text"]} for p in data["premises"]],
            "responses": [{"id": r["id"], "text": r["text"]} for r in data["responses"]],
        }
    if kind == "numeric":
        return {"unit": data.get("unit", "")}
    return {}


def review(question: dict, response: dict, result: grading.Result) -> dict:
    """What the learner sees once answered: their answer against the key, explained."""
    data = question["data"]
    kind = question["type"]
    out: dict[str, Any] = {
        "earned": points(result.earned),
        "points": result.points,
        "correct": result.correct,
        "partial": result.partial,
        "rule": grading.RULES[result.rule],
    }
    if kind == "hotspot" and question["spec"].get("required", 1) == 1:
        out["rule"] = ONE_CLICK_RULE
    if kind in ("single", "multiple"):
        chosen = {response["choice"]} if kind == "single" else set(response["choices"])
        out["options"] = [
            {
                "text": o["text"],
                "chosen": o["id"] in chosen,
                "correct": bool(o.get("correct")),
                "feedback": o.get("feedback", ""),
            }
            for o in data["options"]
        ]
    elif kind == "ordering":
        by_id = {item["id"]: item for item in data["items"]}
        out["your_order"] = [by_id[i]["text"] for i in response["order"]]
        out["order_items"] = [
            {"text": by_id[i]["text"], "feedback": by_id[i].get("feedback", "")}
            for i in data["correct_order"]
        ]
    elif kind == "matching":
        texts = {r["id"]: r["text"] for r in data["responses"]}
        out["pairs"] = [
            {
                "premise": p["text"],
                "chosen": texts.get(response["pairs"].get(p["id"]), ""),
                "answer": texts[p["correct"]],
                "correct": response["pairs"].get(p["id"]) == p["correct"],
                "feedback": p.get("feedback", ""),
            }
            for p in data["premises"]
        ]
    else:
        out["feedback"] = data.get("feedback_correct" if result.correct else "feedback_incorrect")
        if kind == "text":
            out["your_text"] = response["text"]
            out["answer"] = data["accepted"][0]
        elif kind == "numeric":
            out["your_value"] = response["value"]
            out["answer"] = data["target"]
            out["tolerance"] = data.get("tolerance", 0)
            out["unit"] = data.get("unit", "")
        elif kind == "hotspot":
            out["marker"] = response["points"][0] if response["points"] else None
            out["markers"] = response["points"]
            out["regions"] = data["regions"]
    return out
