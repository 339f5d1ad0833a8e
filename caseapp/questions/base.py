"""What every question type is: a QuestionKind, and the parts the types share.

A kind turns a question's rows into answer data in its plain shape (the frozen content) and
back, checks it in an author's words, compiles it to a grading spec, reads a learner's post
and says what the page shows before and after the answer. The registry (the package's
`__init__`) lists one instance of each.
"""

import string
from decimal import Decimal
from typing import Any, NamedTuple

from django.http import QueryDict

from .. import grading
from ..text import points as show_points

OPTION_IDS = string.ascii_lowercase


class Problem(NamedTuple):
    """Something an author must fix, and the form field it belongs to (where the admin shows
    it; "options" for the option rows)."""

    field: str
    message: str


def option_id(index: int) -> str:
    """a, b, … z, then aa, ab, …: short, stable ids in authored order."""
    if index < len(OPTION_IDS):
        return OPTION_IDS[index]
    return option_id(index // len(OPTION_IDS) - 1) + OPTION_IDS[index % len(OPTION_IDS)]


def number(value: Decimal | int | float | None):
    """A JSON number for a decimal: an int when whole, else the shortest float."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def feedback_fields(data: dict) -> dict:
    """The Question's feedback fields from answer data (every type's import keeps them)."""
    return {
        "feedback_correct": data.get("feedback_correct", ""),
        "feedback_incorrect": data.get("feedback_incorrect", ""),
    }


class QuestionKind:
    """One question type. Subclasses set the attributes and fill in the methods below."""

    name: str  # the type's value in Question.type, in content and in grading specs
    label: str  # its name in the admin and on the learner's page
    # The admin form's fieldsets (by class) this type uses, and the option table's columns
    # that mean something for it (question-form.js hides the rest).
    admin_parts: tuple[str, ...] = ()
    option_columns: tuple[str, ...] = ()
    uses_options = False  # its answer data comes from Option rows
    needs_image = False  # the learner answers on one of the step's images
    data_keys: frozenset[str] = frozenset()  # its answer data's keys, as archives hold them
    data_field = ""  # the form field where problems with the answer data as a whole show

    # Authoring ---------------------------------------------------------------------------

    def from_rows(self, question, options: list) -> dict:
        """Answer data in its plain shape from a Question and its Option rows (in order)."""
        raise NotImplementedError

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        """Question fields and Option rows from answer data in its plain shape (for imports)."""
        raise NotImplementedError

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        """What an author left out or got wrong, before the grading spec is compiled."""
        return []

    def archive_problems(self, data: dict) -> list[str]:
        """What an imported question's data breaks that the database would refuse."""
        return []

    def author_problems(
        self, *, points: int, rule: str, data: dict, has_image: bool
    ) -> list[Problem]:
        """What is wrong with a question, in words an educator understands; [] when sound."""
        problems = self.data_problems(data, has_image=has_image)
        if problems:
            return problems
        return [
            Problem(self.data_field, message)
            for message in self.check(points=points, rule=rule, data=data)
        ]

    def check(self, *, points: int, rule: str, data: Any) -> list[str]:
        """Problems with answer data that compiles to no sound grading spec; [] when sound."""
        if not isinstance(data, dict):
            return ["The answer data must be an object."]
        try:
            grading.check_spec(self.grading_spec(points=points, rule=rule, data=data))
        except (KeyError, TypeError, IndexError) as exc:
            return [f"The answer data is missing or has a malformed part ({exc})."]
        except grading.InvalidSpec as exc:
            return [str(exc)]
        return []

    # Grading -----------------------------------------------------------------------------

    def grading_spec(self, *, points: int, rule: str, data: dict) -> dict:
        """Compile answer data to the plain grading spec shared with the SCORM player."""
        spec: dict[str, Any] = {"v": grading.SPEC_VERSION, "type": self.name, "points": points}
        if rule:
            spec["rule"] = rule
        spec.update(self.spec_parts(data))
        return spec

    def spec_parts(self, data: dict) -> dict:
        """The type's own keys of its grading spec."""
        raise NotImplementedError

    # The learner's page ------------------------------------------------------------------

    def response_from_post(self, question: dict, data: QueryDict, images: dict) -> dict:
        """The grading response from form data (htmx or plain post alike); raises
        grading.InvalidResponse with a message for the learner."""
        raise NotImplementedError

    def public_data(self, question: dict) -> dict:
        """What the page may show before the question is answered: texts and ids only, no
        key, correctness flag or feedback."""
        return {}

    def refill(self, public: dict, data: QueryDict) -> dict:
        """The public data with what the learner sent, to show it again next to a message."""
        return public

    def review(self, question: dict, response: dict, result: grading.Result) -> dict:
        """What the learner sees once answered: their answer against the key, explained."""
        out: dict[str, Any] = {
            "earned": show_points(result.earned),
            "points": result.points,
            "correct": result.correct,
            "partial": result.partial,
            "rule": grading.RULES[result.rule],
        }
        out.update(self.review_parts(question, response, result))
        return out

    def review_parts(self, question: dict, response: dict, result: grading.Result) -> dict:
        """The type's own part of the review."""
        return {}


class FeedbackKind(QuestionKind):
    """A type answered by one value, with feedback for a right and for a wrong answer."""

    data_keys = frozenset({"feedback_correct", "feedback_incorrect"})

    def feedback_data(self, question) -> dict:
        return {
            "feedback_correct": question.feedback_correct,
            "feedback_incorrect": question.feedback_incorrect,
        }

    def review_parts(self, question: dict, response: dict, result: grading.Result) -> dict:
        data = question["data"]
        return {
            "feedback": data.get("feedback_correct" if result.correct else "feedback_incorrect")
        }
