"""Question types: what each one authors, checks, takes from a learner, shows and reviews.

One module per type; this registry lists them. Question.type's choices, the admin's form,
archive checks, publishing checks and the learner's pages all read it, so a new type is its
module here (listed in TYPES), its template partials, grader.js and the shared vectors.
"""

from django.http import QueryDict

from ..grading import InvalidResponse
from .base import Problem, QuestionKind
from .hotspot import Hotspot
from .matching import Matching
from .multiple import Multiple
from .numeric import Numeric
from .ordering import Ordering
from .single import Single
from .text import Text

__all__ = [
    "TYPES",
    "Problem",
    "QuestionKind",
    "choices",
    "get",
    "response_from_post",
]

# In the order of Question.type's choices (a migration records it).
TYPES: tuple[QuestionKind, ...] = (
    Single(),
    Multiple(),
    Hotspot(),
    Ordering(),
    Text(),
    Numeric(),
    Matching(),
)
_BY_NAME = {kind.name: kind for kind in TYPES}


def get(name: str) -> QuestionKind:
    """The question type called `name`; LookupError when there is none."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise LookupError(f"Unknown question type {name!r}.") from None


def choices() -> list[tuple[str, str]]:
    """(name, label) of every type, for Question.type."""
    return [(kind.name, kind.label) for kind in TYPES]


def response_from_post(question: dict, data: QueryDict, images: dict[int, dict]) -> dict:
    """The grading response for a frozen `question` from what its form posted."""
    try:
        kind = get(question["type"])
    except LookupError:
        raise InvalidResponse("This question cannot be answered here.") from None
    return kind.response_from_post(question, data, images)
