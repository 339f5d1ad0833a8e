"""What a case archive must be: its format, limits and the checks of its description."""

import re
from pathlib import PurePosixPath
from typing import Any

from .. import questions as question_types
from ..models import LabResult, StepKind

FORMAT = "caseapp.case"
FORMAT_VERSION = 1
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 200
MAX_STEPS = 100
MAX_QUESTIONS_PER_STEP = 60
MAX_IMAGES_PER_STEP = 20
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
KINDS = {kind for kind, _ in StepKind.choices}
FLAGS = {flag for flag, _ in LabResult.Flag.choices}

CASE_KEYS = {
    "slug", "title", "summary", "estimated_minutes", "pass_mark", "objectives",
    "objectives_review", "diagnosis", "teaching_points", "references", "status", "steps",
}  # fmt: skip
STEP_KEYS = {"kind", "title", "body", "images", "labs", "questions"}
IMAGE_KEYS = {
    "key", "file", "alt_text", "alt_text_answered", "caption", "credit", "annotations",
    "compare_to",
}  # fmt: skip
LAB_KEYS = {"analyte", "value", "unit", "reference_range", "flag", "illustrative"}
QUESTION_KEYS = {"key", "type", "stem", "points", "explanation", "rule", "image"}
DATA_KEYS = set().union(*(kind.data_keys for kind in question_types.TYPES))


class ArchiveError(ValueError):
    def __init__(self, problems: list[str] | str):
        problems = [problems] if isinstance(problems, str) else problems
        super().__init__("; ".join(problems))
        self.problems = problems


# Checking -----------------------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def need(self, ok: bool, where: str, message: str) -> bool:
        if not ok:
            self.problems.append(f"{where}: {message}")
        return ok

    def text(self, obj: dict, key: str, where: str, *, required=True, limit=20_000) -> None:
        value = obj.get(key, None if required else "")
        if self.need(isinstance(value, str), where, f"“{key}” must be text."):
            self.need(len(value) <= limit, where, f"“{key}” is longer than {limit} characters.")
            if required:
                self.need(bool(value.strip()), where, f"“{key}” must not be empty.")

    def text_list(self, obj: dict, key: str, where: str) -> None:
        value = obj.get(key, [])
        self.need(
            isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) < 200,
            where,
            f"“{key}” must be a list of texts.",
        )

    def integer(self, obj: dict, key: str, where: str, low: int, high: int) -> None:
        value = obj.get(key)
        self.need(
            isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
            where,
            f"“{key}” must be a whole number from {low} to {high}.",
        )

    def keys(self, obj: Any, allowed: set, where: str) -> bool:
        if not self.need(isinstance(obj, dict), where, "must be an object."):
            return False
        unknown = sorted(set(obj) - allowed)
        return self.need(not unknown, where, f"unknown field(s) {', '.join(unknown)}.")


def check_data(data: Any) -> list[str]:
    """Every problem with a case description, each saying where it is; [] when sound."""
    c = _Checker()
    if not isinstance(data, dict):
        return ["The archive's case.json must hold an object."]
    if data.get("format") != FORMAT:
        return [f"This is not a caseapp case (format must be “{FORMAT}”)."]
    if data.get("format_version") != FORMAT_VERSION:
        return [
            f"This archive is format version {data.get('format_version')!r}; this installation "
            f"reads version {FORMAT_VERSION}."
        ]
    case = data.get("case")
    if not c.keys(case, CASE_KEYS, "Case"):
        return c.problems
    c.need(isinstance(case.get("slug"), str) and SLUG.match(case["slug"]), "Case", "bad slug.")
    c.text(case, "title", "Case", limit=200)
    c.text(case, "summary", "Case")
    c.text(case, "diagnosis", "Case", required=False, limit=200)
    for key in ("objectives", "objectives_review", "teaching_points", "references"):
        c.text_list(case, key, "Case")
    c.integer(case, "estimated_minutes", "Case", 1, 600)
    c.integer(case, "pass_mark", "Case", 0, 100)
    c.need(case.get("status", "published") in ("draft", "published"), "Case", "bad status.")
    steps = case.get("steps")
    if not c.need(isinstance(steps, list) and 0 < len(steps) <= MAX_STEPS, "Case", "needs steps."):
        return c.problems
    image_keys: set[str] = set()
    question_keys: set[str] = set()
    for number, step in enumerate(steps, start=1):
        _check_step(c, step, f"Step {number}", image_keys, question_keys)
    return c.problems


def _check_step(c: _Checker, step, where: str, image_keys: set, question_keys: set) -> None:
    if not c.keys(step, STEP_KEYS, where):
        return
    c.need(step.get("kind") in KINDS, where, "unknown step kind.")
    c.text(step, "title", where, limit=200)
    c.text(step, "body", where, required=False, limit=100_000)
    images = step.get("images", [])
    labs = step.get("labs", [])
    questions = step.get("questions", [])
    if not c.need(
        isinstance(images, list) and len(images) <= MAX_IMAGES_PER_STEP, where, "bad images."
    ):
        return
    step_images = set()
    for i, image in enumerate(images, start=1):
        at = f"{where}, image {i}"
        if not c.keys(image, IMAGE_KEYS, at):
            continue
        key = image.get("key")
        if c.need(
            isinstance(key, str) and KEY.match(key) and key not in image_keys, at, "bad key."
        ):
            image_keys.add(key)
            step_images.add(key)
        c.text(image, "alt_text", at, limit=500)
        for field in ("alt_text_answered", "caption"):
            c.text(image, field, at, required=False, limit=500)
        c.text(image, "credit", at, required=False, limit=300)
        if "file" in image:
            c.need(safe_member(image["file"]), at, "its file must be under images/.")
        compare = image.get("compare_to")
        c.need(compare is None or compare in image_keys, at, "compare_to names no earlier image.")
        annotations = image.get("annotations", [])
        c.need(
            isinstance(annotations, list) and len(annotations) <= 50
            and all(isinstance(a, dict) for a in annotations),
            at,
            "annotations must be a list of shapes.",
        )  # fmt: skip
    if c.need(isinstance(labs, list) and len(labs) <= 200, where, "bad labs."):
        for i, lab in enumerate(labs, start=1):
            at = f"{where}, lab {i}"
            if c.keys(lab, LAB_KEYS, at):
                c.text(lab, "analyte", at, limit=200)
                c.text(lab, "value", at, limit=100)
                c.text(lab, "unit", at, required=False, limit=50)
                c.text(lab, "reference_range", at, required=False, limit=100)
                c.need(lab.get("flag", "") in FLAGS, at, "unknown flag.")
                c.need(isinstance(lab.get("illustrative", False), bool), at, "bad illustrative.")
    if not c.need(
        isinstance(questions, list) and len(questions) <= MAX_QUESTIONS_PER_STEP,
        where,
        "bad questions.",
    ):
        return
    for i, question in enumerate(questions, start=1):
        at = f"{where}, question {i}"
        before = len(c.problems)
        if not c.keys(question, QUESTION_KEYS | DATA_KEYS, at):
            continue
        key = str(question.get("key", ""))
        c.need(key not in question_keys, at, "duplicate key.")
        question_keys.add(key)
        try:
            kind = question_types.get(question.get("type"))
        except LookupError:
            c.need(False, at, "unknown question type.")
            continue
        c.text(question, "stem", at, limit=20_000)
        c.text(question, "explanation", at, required=False, limit=20_000)
        c.integer(question, "points", at, 1, 100)
        if kind.needs_image:
            c.need(question.get("image") in step_images, at, "its image must be in this step.")
        for problem in kind.archive_problems(question):
            c.need(False, at, problem)
        if len(c.problems) > before:
            continue
        try:
            kind.to_rows(data_part(question))  # raises on a malformed shape
            problems = [
                problem.message
                for problem in kind.author_problems(
                    points=question["points"],
                    rule=question.get("rule", ""),
                    data=data_part(question),
                    has_image=not kind.needs_image or bool(question.get("image")),
                )
            ]
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
            problems = ["its answer data is malformed."]
        for problem in problems:
            c.problems.append(f"{at}: {problem}")


def data_part(question: dict) -> dict:
    return {k: v for k, v in question.items() if k in DATA_KEYS}


def safe_member(name: Any) -> bool:
    if not isinstance(name, str) or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and len(path.parts) == 2
        and path.parts[0] == "images"
        and ".." not in path.parts
        and KEY.match(path.stem) is not None
        and path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp")
    )


# Creating ----------------------------------------------------------------------------
