"""Short text: typed words matched against accepted answers, normalized.

Answer data: {"accepted": [str, ...], "feedback_correct", "feedback_incorrect"}.
"""

from ..text import lines
from .base import FeedbackKind, Problem, feedback_fields
from .inputs import one


class Text(FeedbackKind):
    name = "text"
    label = "Short text"
    admin_parts = ("type-text", "type-feedback")
    data_keys = FeedbackKind.data_keys | {"accepted"}
    data_field = "accepted_answers"

    def from_rows(self, question, options: list) -> dict:
        return {"accepted": lines(question.accepted_answers), **self.feedback_data(question)}

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        return {**feedback_fields(data), "accepted_answers": "\n".join(data["accepted"])}, []

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        if not data.get("accepted"):
            return [Problem("accepted_answers", "List at least one accepted answer.")]
        return []

    def spec_parts(self, data: dict) -> dict:
        return {"accepted": list(data["accepted"])}

    def response_from_post(self, question, data, images) -> dict:
        return {"text": one(data, "text", "Type your answer.")}

    def refill(self, public: dict, data) -> dict:
        return dict(public, text=data.get("text", ""))

    def review_parts(self, question, response, result) -> dict:
        out = super().review_parts(question, response, result)
        out["your_text"] = response["text"]
        out["answer"] = question["data"]["accepted"][0]
        return out
