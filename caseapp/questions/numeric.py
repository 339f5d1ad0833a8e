"""Numeric: a number within a tolerance of the value, in a stated unit.

Answer data: {"target", "tolerance", "unit", "feedback_correct", "feedback_incorrect"}.
"""

from decimal import Decimal

from .base import FeedbackKind, Problem, feedback_fields, number
from .inputs import number as typed_number
from .inputs import one

MAX_UNIT = 50  # Question.unit's length


class Numeric(FeedbackKind):
    name = "numeric"
    label = "Numeric"
    admin_parts = ("type-numeric", "type-feedback")
    data_keys = FeedbackKind.data_keys | {"target", "tolerance", "unit"}
    data_field = "target"

    def from_rows(self, question, options: list) -> dict:
        return {
            "target": number(question.target),
            "tolerance": number(question.tolerance) or 0,
            "unit": question.unit,
            **self.feedback_data(question),
        }

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        fields = feedback_fields(data)
        fields["target"] = Decimal(str(data["target"]))
        fields["tolerance"] = Decimal(str(data.get("tolerance", 0)))
        fields["unit"] = data.get("unit", "")
        return fields, []

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        problems = []
        if data.get("target") is None:
            problems.append(Problem("target", "Give the correct value."))
        if data.get("tolerance", 0) < 0:
            problems.append(Problem("tolerance", "The tolerance cannot be negative."))
        return problems

    def archive_problems(self, data: dict) -> list[str]:
        unit = data.get("unit", "")
        if not isinstance(unit, str):
            return ["“unit” must be text."]
        if len(unit) > MAX_UNIT:
            return [f"“unit” is longer than {MAX_UNIT} characters."]
        return []

    def spec_parts(self, data: dict) -> dict:
        return {"target": data["target"], "tolerance": data.get("tolerance", 0)}

    def response_from_post(self, question, data, images) -> dict:
        value = one(data, "value", "Enter a number.")
        return {"value": typed_number(value, "Enter a number, such as 5 or 2.5.")}

    def public_data(self, question: dict) -> dict:
        return {"unit": question["data"].get("unit", "")}

    def refill(self, public: dict, data) -> dict:
        return dict(public, value=data.get("value", ""))

    def review_parts(self, question, response, result) -> dict:
        data = question["data"]
        out = super().review_parts(question, response, result)
        out["your_value"] = response["value"]
        out["answer"] = data["target"]
        out["tolerance"] = data.get("tolerance", 0)
        out["unit"] = data.get("unit", "")
        return out
