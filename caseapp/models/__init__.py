"""The models of caseapp: cases and their timeline, questions, attempts."""

from .attempts import Answer, Attempt
from .cases import Case, CaseVersion, LabResult, Step, StepImage, StepKind
from .questions import Option, Question, QuestionType

__all__ = [
    "Answer",
    "Attempt",
    "Case",
    "CaseVersion",
    "LabResult",
    "Option",
    "Question",
    "QuestionType",
    "Step",
    "StepImage",
    "StepKind",
]
