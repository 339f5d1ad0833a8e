"""Publishing: what a case needs before residents see it, and freezing the version they take."""

from django.db import transaction

from . import questions
from .models import Case, CaseVersion, StepKind
from .snapshot import build_content, freeze

TIMELINE = [kind for kind, _ in StepKind.choices]


class PublishError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def timeline_problem(kinds: list[str]) -> str:
    """A sentence when step kinds leave the timeline order, else ''. Repeats are allowed."""
    labels = dict(StepKind.choices)
    rank = {kind: i for i, kind in enumerate(TIMELINE)}
    for number, (before, after) in enumerate(zip(kinds, kinds[1:], strict=False), start=2):
        if before in rank and after in rank and rank[after] < rank[before]:
            return (
                f"Step {number} ({labels[after]}) cannot come after {labels[before]}: steps "
                "follow the timeline, presentation → imaging → laboratory → diagnosis → "
                "management → follow-up."
            )
    return ""


def content_problems(content: dict) -> list[str]:
    """Everything that keeps a case's content from being published, in an educator's words."""
    steps = content["steps"]
    problems = []
    if not steps:
        problems.append("Add at least one step.")
    if not any(step["questions"] for step in steps):
        problems.append("A case with no questions cannot be published.")
    if problem := timeline_problem([step["kind"] for step in steps]):
        problems.append(problem)
    for step in steps:
        where = f"Step {step['number']} ({step['kind_label']})"
        for image in step["images"]:
            if not image["alt_text"].strip():
                problems.append(f"{where}: an image has no alt text.")
        for number, question in enumerate(step["questions"], start=1):
            for problem in questions.get(question["type"]).author_problems(
                points=question["points"],
                rule=question["spec"].get("rule", ""),
                data=question["data"],
                has_image=question["image"] is not None,
            ):
                problems.append(f"{where}, question {number}: {problem.message}")
    return problems


def publish(case: Case) -> CaseVersion:
    """Freeze the case as it is now and make it what residents take; raises PublishError."""
    content = build_content(case)
    if problems := content_problems(content):
        raise PublishError(problems)
    with transaction.atomic():
        version = freeze(case, content)
        case.published_version = version
        case.status = Case.Status.PUBLISHED
        case.save(update_fields=["published_version", "status", "updated_at"])
    return version


def unpublish(case: Case) -> None:
    case.status = Case.Status.DRAFT
    case.save(update_fields=["status", "updated_at"])
