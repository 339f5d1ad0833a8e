"""Tests for caseapp.grading: the shared vectors.json contract plus direct behaviour tests."""

import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

# Let the tests run standalone (no Django, no project pytest config): make "caseapp" importable.
_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
if _PROJECT_ROOT not in sys.path:
    sys.path.insert(0, _PROJECT_ROOT)

from caseapp import grading  # noqa: E402
from caseapp.grading import (  # noqa: E402
    ALLOWED_RULES,
    DEFAULT_RULES,
    QUESTION_TYPES,
    RULES,
    SPEC_VERSION,
    InvalidResponse,
    InvalidSpec,
    Result,
    check_response,
    check_spec,
    fraction_to_str,
    grade,
    normalize_text,
    parse_fraction,
    passed,
    percent,
)

VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text(encoding="utf-8"))

SPECS = {
    "single": {"v": 1, "type": "single", "points": 1, "options": ["a", "b"], "correct": "b"},
    "multiple": {
        "v": 1,
        "type": "multiple",
        "points": 2,
        "options": ["a", "b", "c"],
        "correct": ["a", "c"],
    },
    "hotspot": {
        "v": 1,
        "type": "hotspot",
        "points": 1,
        "regions": [
            {"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2},
            {"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.1, "ry": 0.2},
        ],
    },
    "ordering": {"v": 1, "type": "ordering", "points": 3, "correct": ["x", "y", "z"]},
    "matching": {
        "v": 1,
        "type": "matching",
        "points": 2,
        "premises": ["p1", "p2"],
        "responses": ["r1", "r2"],
        "correct": {"p1": "r1", "p2": "r2"},
        "one_to_one": True,
    },
    "text": {"v": 1, "type": "text", "points": 1, "accepted": ["tumoral calcinosis"]},
    "numeric": {"v": 1, "type": "numeric", "points": 1, "target": 5, "tolerance": 0.5},
}


def _ids(section: str) -> list[str]:
    return [vector["name"] for vector in VECTORS[section]]


def test_vectors_file_is_version_1_and_names_are_unique() -> None:
    assert VECTORS["version"] == SPEC_VERSION
    for section in ("grade", "percent", "normalize"):
        names = _ids(section)
        assert len(names) == len(set(names)), section


def test_vectors_cover_every_type_and_every_rule() -> None:
    graded = [v for v in VECTORS["grade"] if "earned" in v["expected"]]
    assert {v["spec"]["type"] for v in graded} == set(QUESTION_TYPES)
    covered = {(v["spec"]["type"], v["expected"]["rule"]) for v in graded}
    assert covered == {(t, r) for t, rules in ALLOWED_RULES.items() for r in rules}


@pytest.mark.parametrize("vector", VECTORS["grade"], ids=_ids("grade"))
def test_grade_vector(vector: dict) -> None:
    expected = vector["expected"]
    if expected.get("invalid_spec"):
        assert "response" not in vector
        with pytest.raises(InvalidSpec):
            check_spec(vector["spec"])
        return
    check_spec(vector["spec"])
    if expected.get("invalid_response"):
        with pytest.raises(InvalidResponse):
            check_response(vector["spec"], vector["response"])
        with pytest.raises(InvalidResponse):
            grade(vector["spec"], vector["response"])
        return
    result = grade(vector["spec"], vector["response"])
    assert result.earned == parse_fraction(expected["earned"])
    assert fraction_to_str(result.earned) == expected["earned"]
    assert result.points == expected["points"]
    assert result.correct is expected["correct"]
    assert result.rule == expected["rule"]
    if "detail" in expected:
        assert result.detail == expected["detail"]


@pytest.mark.parametrize("vector", VECTORS["percent"], ids=_ids("percent"))
def test_percent_vector(vector: dict) -> None:
    assert percent(parse_fraction(vector["earned"]), vector["possible"]) == vector["expected"]


@pytest.mark.parametrize("vector", VECTORS["normalize"], ids=_ids("normalize"))
def test_normalize_vector(vector: dict) -> None:
    assert normalize_text(vector["input"]) == vector["expected"]


def test_wrong_choice_scores_zero() -> None:
    result = grade(SPECS["single"], {"choice": "a"})
    assert result.earned == 0
    assert not result.correct
    assert not result.partial


def test_result_is_exact_fraction() -> None:
    result = grade(SPECS["ordering"], {"order": ["y", "x", "z"]})
    assert isinstance(result.earned, Fraction)
    assert result.earned == Fraction(2)  # 3 points x 2 of 3 concordant pairs
    third = grade({**SPECS["ordering"], "points": 1}, {"order": ["y", "x", "z"]})
    assert third.earned == Fraction(2, 3)
    assert third.partial


def test_every_rule_has_a_learner_sentence() -> None:
    used = {rule for rules in ALLOWED_RULES.values() for rule in rules}
    assert used == set(RULES)
    for rule, sentence in RULES.items():
        assert sentence.endswith("."), rule
        assert "_" not in sentence, rule
        assert 20 < len(sentence) < 160, rule


def test_default_rule_is_allowed_for_every_type() -> None:
    assert set(DEFAULT_RULES) == set(ALLOWED_RULES) == set(QUESTION_TYPES)
    for qtype, rule in DEFAULT_RULES.items():
        assert ALLOWED_RULES[qtype][0] == rule


def test_result_explains_its_rule() -> None:
    result = grade(SPECS["multiple"], {"choices": ["a", "b"]})
    assert result.rule == "right_minus_wrong"
    assert result.rule_text == RULES["right_minus_wrong"]
    assert result.earned == 0


def test_result_detail_is_json_serializable() -> None:
    responses = {
        "single": {"choice": "b"},
        "multiple": {"choices": ["a", "b"]},
        "hotspot": {"points": [[0.2, 0.2], [0.9, 0.9]]},
        "ordering": {"order": ["z", "x", "y"]},
        "matching": {"pairs": {"p1": "r2", "p2": "r1"}},
        "text": {"text": "Tumoral-calcinosis!"},
        "numeric": {"value": 5.25},
    }
    for qtype, response in responses.items():
        result = grade(SPECS[qtype], response)
        assert json.loads(json.dumps(result.detail)) == result.detail, qtype


def test_result_is_frozen_and_hashable() -> None:
    result = Result(earned=Fraction(1, 2), points=1, rule="per_pair", detail={"x": [1]})
    with pytest.raises(AttributeError):
        result.points = 2  # type: ignore[misc]
    assert hash(result) == hash(Result(Fraction(1, 2), 1, "per_pair", {"y": 2}))
    assert Result(Fraction(1), 1, "hits").detail == {}


def test_extra_hotspot_markers_cost_points() -> None:
    one = grade(SPECS["hotspot"], {"points": [[0.2, 0.2]]})
    two = grade(SPECS["hotspot"], {"points": [[0.2, 0.2], [0.9, 0.9]]})
    assert one.correct
    assert two.earned == Fraction(1, 2)
    assert two.detail["marker_regions"] == [0, None]


def test_numeric_tolerance_is_decimal_not_binary() -> None:
    spec = {"v": 1, "type": "numeric", "points": 1, "target": 1.1, "tolerance": 0.1}
    assert abs(1.0 - 1.1) > 0.1  # binary floats would mark this wrong ...
    assert grade(spec, {"value": 1.0}).correct  # ... but 1.0 is exactly 0.1 away from 1.1
    assert grade(spec, {"value": 1.2}).correct
    assert not grade(spec, {"value": 1.2000000000000002}).correct


def test_check_response_checks_the_spec_first() -> None:
    with pytest.raises(InvalidSpec):
        check_response({"v": 1, "type": "single"}, {"choice": "a"})
    with pytest.raises(InvalidSpec):
        grade({"v": 99}, {"choice": "a"})


def test_error_messages_are_plain_english() -> None:
    with pytest.raises(InvalidResponse, match="Choose one of the listed options."):
        grade(SPECS["single"], {"choice": "zzz"})
    with pytest.raises(InvalidResponse, match="Your click must be inside the image."):
        grade(SPECS["hotspot"], {"points": [[1.5, 0.5]]})
    with pytest.raises(InvalidResponse, match="Rank every item exactly once."):
        grade(SPECS["ordering"], {"order": ["x", "x", "z"]})
    with pytest.raises(InvalidResponse, match="Use each answer at most once."):
        grade(SPECS["matching"], {"pairs": {"p1": "r1", "p2": "r1"}})
    with pytest.raises(InvalidResponse, match="Place at most 2 markers."):
        grade(SPECS["hotspot"], {"points": [[0, 0], [0, 0], [0, 0]]})


def test_errors_are_value_errors() -> None:
    assert issubclass(InvalidSpec, ValueError)
    assert issubclass(InvalidResponse, ValueError)


def test_percent_rounds_half_up() -> None:
    assert percent(Fraction(1, 2), 4) == 13  # 12.5
    assert percent(Fraction(1, 40), 1) == 3  # 2.5
    assert percent(Fraction(1, 200), 1) == 1  # 0.5
    assert percent(Fraction(0), 0) == 0
    assert percent(3, 4) == 75


def test_passed_is_inclusive() -> None:
    assert passed(60, 60)
    assert passed(61, 60)
    assert not passed(59, 60)


def test_fraction_round_trip() -> None:
    for value in (Fraction(3, 4), Fraction(1), Fraction(0), Fraction(-1, 2), Fraction(8, 3)):
        assert parse_fraction(fraction_to_str(value)) == value
    assert fraction_to_str(Fraction(6, 8)) == "3/4"
    assert fraction_to_str(Fraction(1)) == "1"
    assert fraction_to_str(0) == "0"
    assert parse_fraction("2/4") == Fraction(1, 2)


@pytest.mark.parametrize("text", ["", "1.5", "1/0", " 1/2", "1/2/3", "a", "1e3", "\u0663", "+1"])
def test_parse_fraction_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_fraction(text)


def test_module_is_pure_standard_library() -> None:
    source = Path(grading.__file__).read_text(encoding="utf-8")
    imports = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    }
    assert imports <= {"math", "re", "unicodedata", "dataclasses", "fractions", "typing"}


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


JUNK = [
    None,
    True,
    0,
    1.5,
    "x",
    "",
    [],
    [[]],
    {},
    {"": None},
    {1: "a"},
    {"choice": 3},
    {"choice": ["b"]},
    {"choice": {"b": 1}},
    {"choices": None},
    {"choices": [None]},
    {"choices": [["a"]]},
    {"choices": [{"a": 1}]},
    {"choices": "ab"},
    {"points": [[2, 0]]},
    {"points": [[0.5]]},
    {"points": [[None, None]]},
    {"points": [["a", "b"]]},
    {"points": [[[0.5], [0.5]]]},
    {"points": [[float("nan"), 0.5]]},
    {"points": [[float("inf"), 0.5]]},
    {"points": "0.5,0.5"},
    {"points": {"x": 0.5}},
    {"order": None},
    {"order": [["x"], ["y"], ["z"]]},
    {"order": [{"x": 1}, "y", "z"]},
    {"order": [1, 2, 3]},
    {"pairs": None},
    {"pairs": {"p1": ["r1"], "p2": "r2"}},
    {"pairs": {"p1": {"r1": 1}, "p2": "r2"}},
    {"pairs": {1: "r1", 2: "r2"}},
    {"pairs": [["p1", "r1"]]},
    {"text": None},
    {"text": ["tumoral calcinosis"]},
    {"text": "x" * 10_000},
    {"value": None},
    {"value": float("nan")},
    {"value": float("inf")},
    {"value": -float("inf")},
    {"value": "5"},
    {"value": False},
    {"value": {"n": 5}},
    {"value": [5]},
    _deep(500),
    {"choice": _deep(500), "choices": _deep(500), "points": _deep(500)},
    {"order": _deep(500)},
    {"pairs": {"p1": _deep(500), "p2": "r2"}},
]


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_junk_responses_raise_only_invalid_response(qtype: str) -> None:
    spec = SPECS[qtype]
    for junk in JUNK:
        try:
            grade(spec, junk)
        except InvalidResponse as error:
            assert str(error)
        else:
            raise AssertionError(f"{qtype} accepted junk {junk!r:.80}")
