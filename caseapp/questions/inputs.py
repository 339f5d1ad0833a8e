"""Reading one posted field of a learner's answer, or saying clearly what is wrong with it."""

import math
import re

from django.http import QueryDict

from ..grading import InvalidResponse

MAX_FIELD = 500
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def one(data: QueryDict, name: str, missing: str) -> str:
    """The one value sent for `name`, stripped; `missing` when it is absent or blank."""
    values = data.getlist(name)
    if not values or not values[0].strip():
        raise InvalidResponse(missing)
    if len(values) > 1:
        raise InvalidResponse("Send one value for each field.")
    if len(values[0]) > MAX_FIELD:
        raise InvalidResponse(f"Keep your answer under {MAX_FIELD} characters.")
    return values[0].strip()


def number(text: str, message: str) -> int | float:
    """A number as people type it (a decimal comma too); `message` when it is none."""
    text = text.replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as many keyboards type it
    if not NUMBER.match(text):
        raise InvalidResponse(message)
    value = float(text)
    if not math.isfinite(value):
        raise InvalidResponse(message)
    return int(text) if text.lstrip("+-").isdigit() else value
