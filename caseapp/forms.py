"""Read a learner's posted answer into a grading response, or say clearly what is wrong."""

import math
import re

from django.http import QueryDict

from .grading import InvalidResponse

MAX_FIELD = 500
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _one(data: QueryDict, name: str, missing: str) -> str:
    values = data.getlist(name)
    if not values or not values[0].strip():
        raise InvalidResponse(missing)
    if len(values) > 1:
        raise InvalidResponse("Send one value for each field.")
    if len(values[0]) > MAX_FIELD:
        raise InvalidResponse(f"Keep your answer under {MAX_FIELD} characters.")
    return values[0].strip()


def _number(text: str, message: str) -> int | float:
    text = text.replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as many keyboards type it
    if not NUMBER.match(text):
        raise InvalidResponse(message)
    value = float(text)
    if not math.isfinite(value):
        raise InvalidResponse(message)
    return int(text) if text.lstrip("+-").isdigit() else value


def response_from_post(question: dict, data: QueryDict, images: dict[int, dict]) -> dict:
    """The grading response for `question` from form data (htmx or plain post alike)."""
    kind = question["type"]
    if kind == "single":
        return {"choice": _one(data, "choice", "Choose one answer.")}
    if kind == "multiple":
        choices = [c for c in data.getlist("choices") if c]
        if not choices:
            raise InvalidResponse("Tick at least one option.")
        return {"choices": choices}
    if kind == "text":
        return {"text": _one(data, "text", "Type your answer.")}
    if kind == "numeric":
        value = _one(data, "value", "Enter a number.")
        return {"value": _number(value, "Enter a number, such as 5 or 2.5.")}
    if kind == "hotspot":
        return {"points": [_click(question, data, images)]}
    if kind == "ordering":
        ids = [item["id"] for item in question["data"]["items"]]
        ranks = {}
        for item_id in ids:
            rank = _one(data, f"rank-{item_id}", "Give every item a rank.")
            if not rank.isdigit():
                raise InvalidResponse("Each rank must be a whole number.")
            ranks[item_id] = int(rank)
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise InvalidResponse(f"Give each item a different rank from 1 to {len(ids)}.")
        return {"order": sorted(ids, key=ranks.__getitem__)}
    if kind == "matching":
        return {
            "pairs": {
                p["id"]: _one(data, f"match-{p['id']}", "Match every item.")
                for p in question["data"]["premises"]
            }
        }
    raise InvalidResponse("This question cannot be answered here.")


def _click(question: dict, data: QueryDict, images: dict[int, dict]) -> list:
    message = "Click on the image to place your marker."
    if "x" in data or "y" in data:
        # Placed with the script: already normalized to the image (0 to 1).
        return [
            _number(_one(data, "x", message), message),
            _number(_one(data, "y", message), message),
        ]
    # Without JavaScript the image is a submit button: the browser sends pixel coordinates.
    image = images.get(question["image"])
    if image is None or not image["width"] or not image["height"]:
        raise InvalidResponse("This question's image is missing.")
    x = _number(_one(data, "click.x", message), message)
    y = _number(_one(data, "click.y", message), message)
    if x == 0 and y == 0:
        # What a browser sends when the image button is pressed from the keyboard.
        raise InvalidResponse("Click on the image itself to place your answer.")
    return [x / image["width"], y / image["height"]]
