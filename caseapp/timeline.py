"""The case timeline: the kinds of step, in the order a case unfolds, and the check of it."""

from django.db import models


class StepKind(models.TextChoices):
    PRESENTATION = "presentation", "Presentation"
    IMAGING = "imaging", "Imaging"
    LABORATORY = "laboratory", "Laboratory"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    MANAGEMENT = "management", "Management"
    FOLLOW_UP = "follow_up", "Follow-up"


TIMELINE = [kind for kind, _ in StepKind.choices]


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
