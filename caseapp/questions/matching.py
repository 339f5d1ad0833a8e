"""Matching: each item gets its choice from one list (distractors included); per pair.

Answer data: {"premises": [{"id", "text", "correct", "feedback"}], "responses": [{"id", "text"}]}.
"""

from ..text import lines
from .base import Problem, feedback_fields
from .inputs import one
from .options import OptionKind

MAX_CHOICE = 300  # Option.match's length


class Matching(OptionKind):
    name = "matching"
    label = "Matching"
    admin_parts = ("options", "type-matching")
    option_columns = ("match",)
    rows_key = "premises"
    data_keys = frozenset({"premises", "responses", "one_to_one"})

    def from_rows(self, question, options: list) -> dict:
        # Choices are listed alphabetically so their order never mirrors the items'.
        texts = sorted(
            {o.match.strip() for o in options if o.match.strip()}
            | set(lines(question.distractors)),
            key=str.casefold,
        )
        ids = {text: f"r{i}" for i, text in enumerate(texts, start=1)}
        return {
            "premises": [
                {
                    "id": f"p{i}",
                    "text": o.text,
                    "correct": ids.get(o.match.strip(), ""),
                    "feedback": o.feedback,
                }
                for i, o in enumerate(options, start=1)
            ],
            "responses": [{"id": ids[text], "text": text} for text in texts],
        }

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        responses = {r["id"]: r["text"] for r in data["responses"]}
        options = [
            {"text": p["text"], "match": responses[p["correct"]], "feedback": p.get("feedback", "")}
            for p in data["premises"]
        ]
        used = {p["correct"] for p in data["premises"]}
        fields = feedback_fields(data)
        fields["distractors"] = "\n".join(
            r["text"] for r in data["responses"] if r["id"] not in used
        )
        return fields, options

    def data_problems(self, data: dict, *, has_image: bool) -> list[Problem]:
        problems = super().data_problems(data, has_image=has_image)
        if any(not p["correct"] for p in data.get("premises", [])):
            problems.append(Problem("options", "Give every item the choice it matches."))
        return problems

    def archive_problems(self, data: dict) -> list[str]:
        texts = [r.get("text") for r in data.get("responses", []) if isinstance(r, dict)]
        if all(isinstance(t, str) and len(t) <= MAX_CHOICE for t in texts):
            return []
        return [f"each matching choice must be text of at most {MAX_CHOICE} characters."]

    def spec_parts(self, data: dict) -> dict:
        spec = {
            "premises": [p["id"] for p in data["premises"]],
            "responses": [r["id"] for r in data["responses"]],
            "correct": {p["id"]: p["correct"] for p in data["premises"]},
        }
        if data.get("one_to_one"):
            spec["one_to_one"] = True
        return spec

    def response_from_post(self, question, data, images) -> dict:
        return {
            "pairs": {
                p["id"]: one(data, f"match-{p['id']}", "Match every item.")
                for p in question["data"]["premises"]
            }
        }

    def public_data(self, question: dict) -> dict:
        data = question["data"]
        return {
            "premises": [{"id": p["id"], "text": p["text"]} for p in data["premises"]],
            "responses": [{"id": r["id"], "text": r["text"]} for r in data["responses"]],
        }

    def refill(self, public: dict, data) -> dict:
        public["premises"] = [
            dict(p, chosen=data.get(f"match-{p['id']}", "")) for p in public["premises"]
        ]
        return public

    def review_parts(self, question, response, result) -> dict:
        data = question["data"]
        texts = {r["id"]: r["text"] for r in data["responses"]}
        return {
            "pairs": [
                {
                    "premise": p["text"],
                    "chosen": texts.get(response["pairs"].get(p["id"]), ""),
                    "answer": texts[p["correct"]],
                    "correct": response["pairs"].get(p["id"]) == p["correct"],
                    "feedback": p.get("feedback", ""),
                }
                for p in data["premises"]
            ]
        }
