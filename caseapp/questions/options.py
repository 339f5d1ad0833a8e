"""What the option-based types share: rows of options, and the choices of single/multiple."""

from .. import grading
from .base import Problem, QuestionKind, feedback_fields, option_id


class OptionKind(QuestionKind):
    """A type whose answer data comes from its Option rows (choices, items or premises)."""

    uses_options = True
    admin_parts = ("options",)
    data_field = "options"
    rows_key = ""  # where the rows sit in the answer data

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        if len(data.get(self.rows_key) or []) < 2:
            return [Problem("options", "Give at least two options.")]
        return []


class ChoiceKind(OptionKind):
    """Single best answer and multiple response: options, some of them correct."""

    option_columns = ("correct",)
    rows_key = "options"
    data_keys = frozenset({"options"})

    def from_rows(self, question, options: list) -> dict:
        return {
            "options": [
                {"id": option_id(i), "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for i, o in enumerate(options)
            ]
        }

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        return feedback_fields(data), [
            {
                "text": o["text"],
                "correct": bool(o.get("correct")),
                "feedback": o.get("feedback", ""),
            }
            for o in data["options"]
        ]

    def public_data(self, question: dict) -> dict:
        return {
            "options": [{"id": o["id"], "text": o["text"]} for o in question["data"]["options"]]
        }

    def chosen(self, response: dict) -> set[str]:
        raise NotImplementedError

    def review_parts(self, question: dict, response: dict, result: grading.Result) -> dict:
        chosen = self.chosen(response)
        return {
            "options": [
                {
                    "text": o["text"],
                    "chosen": o["id"] in chosen,
                    "correct": bool(o.get("correct")),
                    "feedback": o.get("feedback", ""),
                }
                for o in question["data"]["options"]
            ]
        }
