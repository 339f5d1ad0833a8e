"""Hotspot: click the target region on an image; hits score by default.

Answer data: {"regions": [region, ...], "feedback_correct", "feedback_incorrect"}.
"""

from django.http import QueryDict

from ..grading import InvalidResponse
from .base import FeedbackKind, Problem, feedback_fields
from .inputs import number, one

# The "hits" rule in words for the usual hotspot: one click, any target region.
ONE_CLICK_RULE = "Full marks when your click falls inside a target region; none otherwise."


class Hotspot(FeedbackKind):
    name = "hotspot"
    label = "Hotspot on an image"
    admin_parts = ("type-hotspot", "type-feedback")
    needs_image = True
    data_keys = FeedbackKind.data_keys | {"regions", "required"}
    data_field = "regions"

    def from_rows(self, question, options: list) -> dict:
        return {"regions": question.regions or [], **self.feedback_data(question)}

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        return {**feedback_fields(data), "regions": data["regions"]}, []

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        problems = []
        if not has_image:
            problems.append(Problem("image", "Choose the image the learner clicks on."))
        if not data.get("regions"):
            problems.append(Problem("regions", "Draw at least one target region on the image."))
        return problems

    def spec_parts(self, data: dict) -> dict:
        return {"regions": data["regions"], "required": data.get("required", 1)}

    def response_from_post(self, question: dict, data: QueryDict, images: dict) -> dict:
        return {"points": [_click(question, data, images)]}

    def review_parts(self, question, response, result) -> dict:
        out = super().review_parts(question, response, result)
        if question["spec"].get("required", 1) == 1:
            out["rule"] = ONE_CLICK_RULE
        out["marker"] = response["points"][0] if response["points"] else None
        out["markers"] = response["points"]
        out["regions"] = question["data"]["regions"]
        return out


def _click(question: dict, data: QueryDict, images: dict[int, dict]) -> list:
    message = "Click on the image to place your marker."
    if "x" in data or "y" in data:
        # Placed with the script: already normalized to the image (0 to 1).
        return [number(one(data, "x", message), message), number(one(data, "y", message), message)]
    # Without JavaScript the image is a submit button: the browser sends pixel coordinates.
    image = images.get(question["image"])
    if image is None or not image["width"] or not image["height"]:
        raise InvalidResponse("This question's image is missing.")
    x = number(one(data, "click.x", message), message)
    y = number(one(data, "click.y", message), message)
    if x == 0 and y == 0:
        # What a browser sends when the image button is pressed from the keyboard.
        raise InvalidResponse("Click on the image itself to place your answer.")
    return [x / image["width"], y / image["height"]]
