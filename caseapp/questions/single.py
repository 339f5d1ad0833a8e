"""Single best answer: one option is right; all or nothing.

Answer data: {"options": [{"id", "text", "correct", "feedback"}]}.
"""

from .base import Problem
from .inputs import one
from .options import ChoiceKind


class Single(ChoiceKind):
    name = "single"
    label = "Single best answer"

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        problems = super().data_problems(data, has_image=has_image)
        correct = sum(1 for o in data.get("options", []) if o.get("correct"))
        if correct != 1:
            problems.append(
                Problem(
                    "options",
                    "A single-best-answer question needs exactly one correct option "
                    f"(this one has {correct}).",
                )
            )
        return problems

    def spec_parts(self, data: dict) -> dict:
        correct = [o["id"] for o in data["options"] if o.get("correct")]
        return {
            "options": [o["id"] for o in data["options"]],
            "correct": correct[0] if len(correct) == 1 else correct,
        }

    def response_from_post(self, question, data, images) -> dict:
        return {"choice": one(data, "choice", "Choose one answer.")}

    def refill(self, public: dict, data) -> dict:
        chosen = data.get("choice", "")
        public["options"] = [dict(o, checked=o["id"] == chosen) for o in public["options"]]
        return public

    def chosen(self, response: dict) -> set[str]:
        return {response["choice"]}
