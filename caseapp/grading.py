"""Pure, Django-free grading of one answer to one question against a version-1 JSON grading spec."""

# The rules below are a contract shared with a JavaScript port, which reads the same specs and the
# same tests/grading/vectors.json. Every rule is meant to be exact and easy to re-implement:
#
# * Numbers. JSON numbers are turned into exact rationals before any comparison or arithmetic:
#   an int becomes Fraction(int); a float becomes Fraction(repr(float)), i.e. the exact value of
#   its shortest round-trip decimal spelling (JavaScript: parse String(number) as a decimal).
#   So 0.1 means exactly 1/10, and "target 1.1, tolerance 0.1, value 1.2" is correct, as a person
#   would expect. Booleans are never numbers; NaN and infinities are rejected.
# * Whole numbers ("v", "points", "required") may be written 2 or 2.0 (JavaScript cannot tell them
#   apart); "points" is limited to 1..MAX_POINTS so that scores stay exact in JavaScript too.
# * Scores are exact Fractions; rounding happens once, in percent(), half up.
# * Specs and responses are checked strictly: unknown keys are errors, so a misspelt optional key
#   ("tolerence") cannot silently change how an answer is graded.

import math
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "ALLOWED_RULES",
    "DEFAULT_RULES",
    "MAX_POINTS",
    "MAX_TEXT_LENGTH",
    "QUESTION_TYPES",
    "RULES",
    "SPEC_VERSION",
    "InvalidResponse",
    "InvalidSpec",
    "Result",
    "check_response",
    "check_spec",
    "fraction_to_str",
    "grade",
    "normalize_text",
    "parse_fraction",
    "passed",
    "percent",
]

SPEC_VERSION = 1
MAX_POINTS = 1000
MAX_TEXT_LENGTH = 500

QUESTION_TYPES = ("single", "multiple", "hotspot", "ordering", "matching", "text", "numeric")

RULES: dict[str, str] = {
    "all_or_nothing": (
        "You get full marks only when your whole answer is exactly right, and no marks otherwise."
    ),
    "right_minus_wrong": (
        "Each correct option you tick earns an equal share of the marks, each wrong tick cancels "
        "one correct tick, and your score never goes below zero."
    ),
    "hits": (
        "Each required area you mark earns an equal share of the marks, and placing more markers "
        "than required lowers your share."
    ),
    "concordant_pairs": (
        "You earn marks for every pair of items that you put in the same order as the answer key."
    ),
    "per_pair": "Each item you match correctly earns an equal share of the marks.",
    "exact_normalized": (
        "Your answer must match an accepted answer; capital letters, punctuation and extra spaces "
        "are ignored."
    ),
    "within_tolerance": (
        "Your number is correct when it is no further from the expected value than the allowed "
        "margin."
    ),
}

DEFAULT_RULES: dict[str, str] = {
    "single": "all_or_nothing",
    "multiple": "right_minus_wrong",
    "hotspot": "hits",
    "ordering": "concordant_pairs",
    "matching": "per_pair",
    "text": "exact_normalized",
    "numeric": "within_tolerance",
}

ALLOWED_RULES: dict[str, tuple[str, ...]] = {
    "single": ("all_or_nothing",),
    "multiple": ("right_minus_wrong", "all_or_nothing"),
    "hotspot": ("hits",),
    "ordering": ("concordant_pairs", "all_or_nothing"),
    "matching": ("per_pair", "all_or_nothing"),
    "text": ("exact_normalized",),
    "numeric": ("within_tolerance",),
}

_COMMON_KEYS = frozenset({"v", "type", "points", "rule"})
_REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "single": frozenset({"options", "correct"}),
    "multiple": frozenset({"options", "correct"}),
    "hotspot": frozenset({"regions"}),
    "ordering": frozenset({"correct"}),
    "matching": frozenset({"premises", "responses", "correct"}),
    "text": frozenset({"accepted"}),
    "numeric": frozenset({"target"}),
}
_OPTIONAL_KEYS: dict[str, frozenset[str]] = {
    "single": frozenset(),
    "multiple": frozenset(),
    "hotspot": frozenset({"required"}),
    "ordering": frozenset(),
    "matching": frozenset({"one_to_one"}),
    "text": frozenset(),
    "numeric": frozenset({"tolerance"}),
}
_REGION_KEYS: dict[str, frozenset[str]] = {
    "rect": frozenset({"shape", "x", "y", "w", "h"}),
    "ellipse": frozenset({"shape", "cx", "cy", "rx", "ry"}),
    "polygon": frozenset({"shape", "points"}),
}

# The single response key each question type expects, and the message shown when the response
# does not even have the right shape.
_RESPONSE_KEYS: dict[str, str] = {
    "single": "choice",
    "multiple": "choices",
    "hotspot": "points",
    "ordering": "order",
    "matching": "pairs",
    "text": "text",
    "numeric": "value",
}
_SHAPE_MESSAGES: dict[str, str] = {
    "single": "Choose one of the listed options.",
    "multiple": "Tick at least one of the listed options.",
    "hotspot": "Place at least one marker on the image.",
    "ordering": "Rank every item exactly once.",
    "matching": "Match every item exactly once.",
    "text": "Type your answer as text.",
    "numeric": "Enter a number.",
}

# Characters treated as whitespace by normalize_text: exactly Python's str.isspace(), spelt out so
# the JavaScript port can use the same set (JavaScript's \s differs).
_EXTRA_WHITESPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85")

_FRACTION_RE = re.compile(r"-?[0-9]+(?:/[0-9]+)?")


class InvalidSpec(ValueError):
    """The grading spec itself is malformed (an authoring error)."""


class InvalidResponse(ValueError):
    """The learner's response cannot be graded against the spec (wrong shape or values)."""


@dataclass(frozen=True)
class Result:
    """The outcome of grading one response: an exact score out of ``points``."""

    earned: Fraction
    points: int
    rule: str
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def correct(self) -> bool:
        return self.earned == self.points

    @property
    def partial(self) -> bool:
        return 0 < self.earned < self.points

    @property
    def rule_text(self) -> str:
        """The learner-facing sentence explaining the rule that gave this score."""
        return RULES[self.rule]


# --------------------------------------------------------------------------------------------
# Small helpers


def _is_number(value: object) -> bool:
    """True for a JSON-style number: an int (not bool) or a finite float."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def _exact(value: int | float) -> Fraction:
    """Exact rational value of a number; floats via their shortest repr (see notes at the top)."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(value))


def _whole(value: object) -> int | None:
    """The integer a JSON whole number denotes (2 or 2.0), or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _is_list(value: object) -> bool:
    return isinstance(value, (list, tuple))


def _spec_ids(spec: dict, key: str, what: str, minimum: int) -> list[str]:
    """A list of at least ``minimum`` distinct non-empty string ids, or InvalidSpec."""
    ids = spec.get(key)
    if not _is_list(ids) or len(ids) < minimum:
        raise InvalidSpec(f'"{key}" must be a list of at least {minimum} {what}.')
    for item in ids:
        if not isinstance(item, str) or item == "":
            raise InvalidSpec(f'Every entry of "{key}" must be a non-empty text id.')
    if len(set(ids)) != len(ids):
        raise InvalidSpec(f'"{key}" contains the same id twice.')
    return list(ids)


def _spec_coordinate(value: object, name: str) -> Fraction:
    if not _is_number(value):
        raise InvalidSpec(f'Region coordinate "{name}" must be a number.')
    exact = _exact(value)  # type: ignore[arg-type]
    if not 0 <= exact <= 1:
        raise InvalidSpec(f'Region coordinate "{name}" must be between 0 and 1.')
    return exact


def _spec_radius(value: object, name: str) -> Fraction:
    if not _is_number(value):
        raise InvalidSpec(f'Ellipse radius "{name}" must be a number.')
    exact = _exact(value)  # type: ignore[arg-type]
    if not 0 < exact <= 1:
        raise InvalidSpec(f'Ellipse radius "{name}" must be greater than 0 and at most 1.')
    return exact


# --------------------------------------------------------------------------------------------
# Text normalization


def normalize_text(text: str) -> str:
    """Normalize free text for comparison.

    Steps, in order: Unicode NFKC; str.casefold() (full Unicode case folding, so "ß" becomes "ss"
    and "Σ" becomes "σ" everywhere); every character whose Unicode general category starts with
    "P" (punctuation, including hyphens and dashes) becomes a space; every run of whitespace
    (exactly the characters for which str.isspace() is true: category Z*, plus tab, line feed,
    vertical tab, form feed, carriage return, U+001C..U+001F and U+0085) becomes one space; leading
    and trailing spaces are removed. Symbols such as "+" or "°" are kept.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    chars = []
    for char in folded:
        if unicodedata.category(char).startswith(("P", "Z")) or char in _EXTRA_WHITESPACE:
            chars.append(" ")
        else:
            chars.append(char)
    return " ".join(part for part in "".join(chars).split(" ") if part)


# --------------------------------------------------------------------------------------------
# Spec checking


def _rule_of(spec: dict) -> str:
    return spec.get("rule", DEFAULT_RULES[spec["type"]])


def _check_region(region: object, index: int) -> None:
    where = f"Region {index + 1}"
    if not isinstance(region, dict):
        raise InvalidSpec(f"{where} must be an object with a shape.")
    shape = region.get("shape")
    if not isinstance(shape, str) or shape not in _REGION_KEYS:
        raise InvalidSpec(f'{where} must have "shape" set to "rect", "ellipse" or "polygon".')
    if set(region) != _REGION_KEYS[shape]:
        expected = ", ".join(sorted(_REGION_KEYS[shape] - {"shape"}))
        raise InvalidSpec(f"{where} ({shape}) must have exactly these keys: shape, {expected}.")
    if shape == "rect":
        x = _spec_coordinate(region["x"], "x")
        y = _spec_coordinate(region["y"], "y")
        w = _spec_coordinate(region["w"], "w")
        h = _spec_coordinate(region["h"], "h")
        if w == 0 or h == 0:
            raise InvalidSpec(f"{where}: a rectangle must have a width and height above 0.")
        if x + w > 1 or y + h > 1:
            raise InvalidSpec(f"{where}: the rectangle must lie inside the image.")
    elif shape == "ellipse":
        _spec_coordinate(region["cx"], "cx")
        _spec_coordinate(region["cy"], "cy")
        _spec_radius(region["rx"], "rx")
        _spec_radius(region["ry"], "ry")
    else:
        vertices = region["points"]
        if not _is_list(vertices) or len(vertices) < 3:
            raise InvalidSpec(f"{where}: a polygon needs a list of at least 3 points.")
        exact = []
        for vertex in vertices:
            if not _is_list(vertex) or len(vertex) != 2:
                raise InvalidSpec(f"{where}: every polygon point must be a pair [x, y].")
            exact.append((_spec_coordinate(vertex[0], "x"), _spec_coordinate(vertex[1], "y")))
        if _twice_area(exact) == 0:
            raise InvalidSpec(f"{where}: the polygon encloses no area.")


def check_spec(spec: Any) -> None:
    """Raise InvalidSpec (with an author-readable message) unless ``spec`` is a valid v1 spec."""
    if not isinstance(spec, dict):
        raise InvalidSpec("A grading spec must be an object.")
    if _whole(spec.get("v")) != SPEC_VERSION:
        raise InvalidSpec(f'Unknown grading spec version; expected "v": {SPEC_VERSION}.')
    qtype = spec.get("type")
    if not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
        raise InvalidSpec('Unknown question "type"; expected one of: ' + ", ".join(QUESTION_TYPES))
    required = _REQUIRED_KEYS[qtype]
    allowed = _COMMON_KEYS | required | _OPTIONAL_KEYS[qtype]
    missing = sorted(required - set(spec))
    if missing:
        raise InvalidSpec(f'A "{qtype}" spec is missing: ' + ", ".join(missing) + ".")
    unknown = sorted(str(key) for key in set(spec) - allowed)
    if unknown:
        raise InvalidSpec(f'A "{qtype}" spec has unknown keys: ' + ", ".join(unknown) + ".")
    points = _whole(spec.get("points"))
    if points is None or not 1 <= points <= MAX_POINTS:
        raise InvalidSpec(f'"points" must be a whole number from 1 to {MAX_POINTS}.')
    rule = spec.get("rule", DEFAULT_RULES[qtype])
    if not isinstance(rule, str) or rule not in ALLOWED_RULES[qtype]:
        raise InvalidSpec(
            f'Rule not allowed for "{qtype}"; use one of: ' + ", ".join(ALLOWED_RULES[qtype])
        )
    _SPEC_CHECKERS[qtype](spec)


def _check_spec_single(spec: dict) -> None:
    options = _spec_ids(spec, "options", "options", 2)
    correct = spec["correct"]
    if not isinstance(correct, str) or correct not in options:
        raise InvalidSpec('"correct" must be one of the listed options.')


def _check_spec_multiple(spec: dict) -> None:
    options = _spec_ids(spec, "options", "options", 2)
    correct = _spec_ids(spec, "correct", "correct options", 1)
    if not set(correct) <= set(options):
        raise InvalidSpec('Every entry of "correct" must be one of the listed options.')


def _check_spec_hotspot(spec: dict) -> None:
    regions = spec["regions"]
    if not _is_list(regions) or len(regions) < 1:
        raise InvalidSpec('"regions" must be a list of at least one region.')
    for index, region in enumerate(regions):
        _check_region(region, index)
    required = _whole(spec.get("required", 1))
    if required is None or not 1 <= required <= len(regions):
        raise InvalidSpec('"required" must be a whole number from 1 to the number of regions.')


def _check_spec_ordering(spec: dict) -> None:
    _spec_ids(spec, "correct", "items", 2)


def _check_spec_matching(spec: dict) -> None:
    premises = _spec_ids(spec, "premises", "premises", 1)
    responses = _spec_ids(spec, "responses", "responses", 1)
    one_to_one = spec.get("one_to_one", False)
    if not isinstance(one_to_one, bool):
        raise InvalidSpec('"one_to_one" must be true or false.')
    correct = spec["correct"]
    if not isinstance(correct, dict):
        raise InvalidSpec('"correct" must map every premise to a response.')
    if set(correct) != set(premises):
        raise InvalidSpec('"correct" must have exactly one entry for every premise.')
    for value in correct.values():
        if not isinstance(value, str) or value not in responses:
            raise InvalidSpec('Every answer in "correct" must be one of the listed responses.')
    if one_to_one and len(set(correct.values())) != len(correct):
        raise InvalidSpec('With "one_to_one", "correct" cannot use a response twice.')


def _check_spec_text(spec: dict) -> None:
    accepted = spec["accepted"]
    if not _is_list(accepted) or len(accepted) < 1:
        raise InvalidSpec('"accepted" must be a list of at least one accepted answer.')
    for answer in accepted:
        if not isinstance(answer, str) or len(answer) > MAX_TEXT_LENGTH:
            raise InvalidSpec(
                f"Every accepted answer must be text of at most {MAX_TEXT_LENGTH} characters."
            )
        if normalize_text(answer) == "":
            raise InvalidSpec("An accepted answer is only punctuation and spaces.")


def _check_spec_numeric(spec: dict) -> None:
    if not _is_number(spec["target"]):
        raise InvalidSpec('"target" must be a finite number.')
    tolerance = spec.get("tolerance", 0)
    if not _is_number(tolerance) or tolerance < 0:
        raise InvalidSpec('"tolerance" must be a number of 0 or more.')


_SPEC_CHECKERS = {
    "single": _check_spec_single,
    "multiple": _check_spec_multiple,
    "hotspot": _check_spec_hotspot,
    "ordering": _check_spec_ordering,
    "matching": _check_spec_matching,
    "text": _check_spec_text,
    "numeric": _check_spec_numeric,
}


# --------------------------------------------------------------------------------------------
# Response checking


def check_response(spec: Any, response: Any) -> None:
    """Raise InvalidResponse (learner-readable) unless ``response`` can be graded against ``spec``.

    The spec is checked first (InvalidSpec). The response must be an object with exactly the one
    key its question type expects; any other input, of any JSON type, raises InvalidResponse.
    """
    check_spec(spec)
    qtype = spec["type"]
    key = _RESPONSE_KEYS[qtype]
    if not isinstance(response, dict) or set(response) != {key}:
        raise InvalidResponse(_SHAPE_MESSAGES[qtype])
    _RESPONSE_CHECKERS[qtype](spec, response[key])


def _check_response_single(spec: dict, choice: object) -> None:
    if not isinstance(choice, str) or choice not in spec["options"]:
        raise InvalidResponse("Choose one of the listed options.")


def _check_response_multiple(spec: dict, choices: object) -> None:
    if not _is_list(choices) or len(choices) == 0:
        raise InvalidResponse("Tick at least one of the listed options.")
    for choice in choices:
        if not isinstance(choice, str) or choice not in spec["options"]:
            raise InvalidResponse("Choose only from the listed options.")
    if len(set(choices)) != len(choices):
        raise InvalidResponse("Tick each option at most once.")


def _check_response_hotspot(spec: dict, markers: object) -> None:
    if not _is_list(markers) or len(markers) == 0:
        raise InvalidResponse("Place at least one marker on the image.")
    limit = len(spec["regions"])
    if len(markers) > limit:
        noun = "marker" if limit == 1 else "markers"
        raise InvalidResponse(f"Place at most {limit} {noun}.")
    for marker in markers:
        if not _is_list(marker) or len(marker) != 2 or not all(_is_number(v) for v in marker):
            raise InvalidResponse("Each marker must be a point on the image.")
        if not all(0 <= _exact(v) <= 1 for v in marker):
            raise InvalidResponse("Your click must be inside the image.")


def _check_response_ordering(spec: dict, order: object) -> None:
    key = spec["correct"]
    if (
        not _is_list(order)
        or len(order) != len(key)
        or not all(isinstance(item, str) for item in order)
        or set(order) != set(key)
    ):
        raise InvalidResponse("Rank every item exactly once.")


def _check_response_matching(spec: dict, pairs: object) -> None:
    if not isinstance(pairs, dict) or set(pairs) != set(spec["premises"]):
        raise InvalidResponse("Match every item exactly once.")
    for value in pairs.values():
        if not isinstance(value, str) or value not in spec["responses"]:
            raise InvalidResponse("Match every item to one of the listed answers.")
    if spec.get("one_to_one", False) and len(set(pairs.values())) != len(pairs):
        raise InvalidResponse("Use each answer at most once.")


def _check_response_text(spec: dict, text: object) -> None:
    if not isinstance(text, str):
        raise InvalidResponse("Type your answer as text.")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidResponse(f"Keep your answer to {MAX_TEXT_LENGTH} characters or fewer.")
    if normalize_text(text) == "":
        raise InvalidResponse("Type an answer.")


def _check_response_numeric(spec: dict, value: object) -> None:
    if not _is_number(value):
        raise InvalidResponse("Enter a number.")


_RESPONSE_CHECKERS = {
    "single": _check_response_single,
    "multiple": _check_response_multiple,
    "hotspot": _check_response_hotspot,
    "ordering": _check_response_ordering,
    "matching": _check_response_matching,
    "text": _check_response_text,
    "numeric": _check_response_numeric,
}


# --------------------------------------------------------------------------------------------
# Geometry (exact; boundaries count as inside)

Point = tuple[Fraction, Fraction]


def _twice_area(vertices: list[Point]) -> Fraction:
    total = Fraction(0)
    for i, (ax, ay) in enumerate(vertices):
        bx, by = vertices[(i + 1) % len(vertices)]
        total += ax * by - bx * ay
    return abs(total)


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    (px, py), (ax, ay), (bx, by) = p, a, b
    if (bx - ax) * (py - ay) - (by - ay) * (px - ax) != 0:
        return False
    return min(ax, bx) <= px <= max(ax, bx) and min(ay, by) <= py <= max(ay, by)


def _in_polygon(p: Point, vertices: list[Point]) -> bool:
    """Even-odd rule; a point on an edge or vertex is inside (checked explicitly first).

    Ray casting: count the edges (a, b) with (a.y > p.y) != (b.y > p.y) whose crossing with the
    horizontal line through p lies strictly to the right of p; odd means inside.
    """
    n = len(vertices)
    if any(_on_segment(p, vertices[i], vertices[(i + 1) % n]) for i in range(n)):
        return True
    px, py = p
    inside = False
    for i in range(n):
        (ax, ay), (bx, by) = vertices[i], vertices[(i + 1) % n]
        if (ay > py) != (by > py):
            crossing_x = ax + (py - ay) * (bx - ax) / (by - ay)
            if px < crossing_x:
                inside = not inside
    return inside


def _in_region(p: Point, region: dict) -> bool:
    px, py = p
    shape = region["shape"]
    if shape == "rect":
        x, y = _exact(region["x"]), _exact(region["y"])
        w, h = _exact(region["w"]), _exact(region["h"])
        return x <= px <= x + w and y <= py <= y + h
    if shape == "ellipse":
        cx, cy = _exact(region["cx"]), _exact(region["cy"])
        rx, ry = _exact(region["rx"]), _exact(region["ry"])
        return ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1
    vertices = [(_exact(x), _exact(y)) for x, y in region["points"]]
    return _in_polygon(p, vertices)


# --------------------------------------------------------------------------------------------
# Grading


def grade(spec: Any, response: Any) -> Result:
    """Grade ``response`` against ``spec``; raises InvalidSpec or InvalidResponse if invalid."""
    check_response(spec, response)
    qtype = spec["type"]
    points = _whole(spec["points"])
    assert points is not None  # guaranteed by check_spec
    rule = _rule_of(spec)
    earned, detail = _GRADERS[qtype](spec, response[_RESPONSE_KEYS[qtype]], rule)
    return Result(earned=Fraction(points) * earned, points=points, rule=rule, detail=detail)


# Each grader returns (share of the points in 0..1, detail).


def _grade_single(spec: dict, choice: str, rule: str) -> tuple[Fraction, dict]:
    return Fraction(int(choice == spec["correct"])), {"chosen": choice}


def _grade_multiple(spec: dict, choices: list[str], rule: str) -> tuple[Fraction, dict]:
    correct, ticked = set(spec["correct"]), set(choices)
    options = spec["options"]
    detail = {
        "right": [o for o in options if o in ticked and o in correct],
        "wrong": [o for o in options if o in ticked and o not in correct],
        "missed": [o for o in options if o not in ticked and o in correct],
    }
    if rule == "all_or_nothing":
        return Fraction(int(ticked == correct)), detail
    net = max(0, len(detail["right"]) - len(detail["wrong"]))
    return Fraction(net, len(correct)), detail


def _grade_hotspot(spec: dict, markers: list, rule: str) -> tuple[Fraction, dict]:
    """Rule "hits". Markers are taken in the order given; each one is assigned to the first
    region (in spec order) that contains it and has not already been hit, so one marker counts
    for at most one region and two markers in one region count once. The greedy assignment is
    part of the contract (it can miss a better assignment when regions overlap).
    score = min(hits, required) / max(required, number of markers).
    """
    regions = spec["regions"]
    required = _whole(spec.get("required", 1))
    assert required is not None
    hit: list[bool] = [False] * len(regions)
    marker_regions: list[int | None] = []
    for x, y in markers:
        p = (_exact(x), _exact(y))
        assigned = None
        for index, region in enumerate(regions):
            if not hit[index] and _in_region(p, region):
                hit[index] = True
                assigned = index
                break
        marker_regions.append(assigned)
    hits = sum(hit)
    detail = {
        "hits": hits,
        "required": required,
        "markers": len(markers),
        "marker_regions": marker_regions,
    }
    return Fraction(min(hits, required), max(required, len(markers))), detail


def _grade_ordering(spec: dict, order: list[str], rule: str) -> tuple[Fraction, dict]:
    key = spec["correct"]
    position = {item: index for index, item in enumerate(order)}
    n = len(key)
    pairs = n * (n - 1) // 2
    concordant = sum(
        1 for i in range(n) for j in range(i + 1, n) if position[key[i]] < position[key[j]]
    )
    detail = {"concordant": concordant, "pairs": pairs}
    if rule == "all_or_nothing":
        return Fraction(int(concordant == pairs)), detail
    return Fraction(concordant, pairs), detail


def _grade_matching(spec: dict, pairs: dict, rule: str) -> tuple[Fraction, dict]:
    premises, correct = spec["premises"], spec["correct"]
    right = [p for p in premises if pairs[p] == correct[p]]
    detail = {"correct_pairs": right, "wrong_pairs": [p for p in premises if p not in right]}
    if rule == "all_or_nothing":
        return Fraction(int(len(right) == len(premises))), detail
    return Fraction(len(right), len(premises)), detail


def _grade_text(spec: dict, text: str, rule: str) -> tuple[Fraction, dict]:
    normalized = normalize_text(text)
    matched = next((a for a in spec["accepted"] if normalize_text(a) == normalized), None)
    return Fraction(int(matched is not None)), {"normalized": normalized, "matched": matched}


def _grade_numeric(spec: dict, value: int | float, rule: str) -> tuple[Fraction, dict]:
    difference = abs(_exact(value) - _exact(spec["target"]))
    tolerance = _exact(spec.get("tolerance", 0))
    return Fraction(int(difference <= tolerance)), {"difference": fraction_to_str(difference)}


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "hotspot": _grade_hotspot,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "text": _grade_text,
    "numeric": _grade_numeric,
}


# --------------------------------------------------------------------------------------------
# Scores at the edge


def percent(earned: Fraction | int, possible: int) -> int:
    """earned * 100 / possible rounded half up to an integer, exactly: floor(x + 1/2).

    12.5 -> 13, 2.5 -> 3, 0.5 -> 1 (never banker's rounding). possible == 0 gives 0.
    """
    if possible < 0:
        raise ValueError("possible must not be negative")
    if possible == 0:
        return 0
    return math.floor(Fraction(earned) * 100 / possible + Fraction(1, 2))


def passed(percent: int, pass_mark: int) -> bool:
    """True when a percentage reaches the pass mark (inclusive)."""
    return percent >= pass_mark


def fraction_to_str(f: Fraction | int) -> str:
    """Canonical text form of an exact score: "3/4", "1", "0", "-1/2" (always lowest terms)."""
    if isinstance(f, bool) or not isinstance(f, (Fraction, int)):
        raise TypeError("fraction_to_str needs a Fraction or an int")
    f = Fraction(f)
    if f.denominator == 1:
        return str(f.numerator)
    return f"{f.numerator}/{f.denominator}"


def parse_fraction(s: str) -> Fraction:
    """Inverse of fraction_to_str; accepts only "-?N" or "-?N/D" with ASCII digits, D > 0."""
    if not isinstance(s, str) or not _FRACTION_RE.fullmatch(s):
        raise ValueError(f"Not a fraction: {s!r}")
    numerator, _, denominator = s.partition("/")
    if denominator and int(denominator) == 0:
        raise ValueError(f"Zero denominator: {s!r}")
    return Fraction(int(numerator), int(denominator or 1))
