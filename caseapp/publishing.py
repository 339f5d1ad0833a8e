"""Publishing: what a case needs before residents see it, and freezing the version they take."""

from django.db import transaction

from . import questions
from .snapshot import build_content, freeze
from .timeline import timeline_problem


class PublishError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


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


def publish(case):
    """Freeze the case as it is now and make it what residents take (its new published
    CaseVersion); raises PublishError. Called as case.publish()."""
    content = build_content(case)
    if problems := content_problems(content):
        raise PublishError(problems)
    with transaction.atomic():
        version = freeze(case, content)
        case.published_version = version
        case.status = case.Status.PUBLISHED
        case.save(update_fields=["published_version", "status", "updated_at"])
    return version


def unpublish(case) -> None:
    case.status = case.Status.DRAFT
    case.save(update_fields=["status", "updated_at"])
