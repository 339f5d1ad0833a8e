"""Multiple response: tick every right option; right ticks minus wrong ones by default.

Answer data: {"options": [{"id", "text", "correct", "feedback"}]}.
"""

from ..grading import InvalidResponse
from .base import Problem
from .options import ChoiceKind


class Multiple(ChoiceKind):
    name = "multiple"
    label = "Multiple response"

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        problems = super().data_problems(data, has_image=has_image)
        if not any(o.get("correct") for o in data.get("options", [])):
            problems.append(Problem("options", "Mark at least one option as correct."))
        return problems

    def spec_parts(self, data: dict) -> dict:
        return {
            "options": [o["id"] for o in data["options"]],
            "correct": [o["id"] for o in data["options"] if o.get("correct")],
        }

    def response_from_post(self, question, data, images) -> dict:
        choices = [c for c in data.getlist("choices") if c]
        if not choices:
            raise InvalidResponse("Tick at least one option.")
        return {"choices": choices}

    def refill(self, public: dict, data) -> dict:
        chosen = set(data.getlist("choices"))
        public["options"] = [dict(o, checked=o["id"] in chosen) for o in public["options"]]
        return public

    def chosen(self, response: dict) -> set[str]:
        return set(response["choices"])
