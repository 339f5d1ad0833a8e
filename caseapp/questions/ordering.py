"""Ordering: put items in their order; concordant pairs score by default.

Answer data: {"items": [{"id", "text", "feedback"}], "correct_order": [id, ...]}.
"""

import random

from ..grading import InvalidResponse
from .base import feedback_fields, option_id
from .inputs import one
from .options import OptionKind


def display_order(question_key: str, ids: list[str], correct: list[str]) -> list[str]:
    """A stable shuffle of an ordering question's items: never the key, nor (from three
    items on) the key reversed, so the starting order tells nothing."""
    rng = random.Random(f"caseapp-order-{question_key}")
    giveaways = [list(correct), list(reversed(correct))] if len(ids) > 2 else [list(correct)]
    order = list(ids)
    for _ in range(50):
        rng.shuffle(order)
        if order not in giveaways:
            return order
    return order[1:] + order[:1]


class Ordering(OptionKind):
    name = "ordering"
    label = "Ordering"
    rows_key = "items"
    data_keys = frozenset({"items", "correct_order"})

    def from_rows(self, question, options: list) -> dict:
        # Ids in key order would give the order away (rank-a first): shuffle them, stably.
        ids = [option_id(i) for i in range(len(options))]
        random.Random(f"caseapp-ids-{question.pk}").shuffle(ids)
        items = [
            {"id": ids[i], "text": o.text, "feedback": o.feedback} for i, o in enumerate(options)
        ]
        return {"items": items, "correct_order": [item["id"] for item in items]}

    def to_rows(self, data: dict) -> tuple[dict, list[dict]]:
        items = {item["id"]: item for item in data["items"]}
        return feedback_fields(data), [
            {"text": items[i]["text"], "feedback": items[i].get("feedback", "")}
            for i in data["correct_order"]
        ]

    def spec_parts(self, data: dict) -> dict:
        return {"correct": list(data["correct_order"])}

    def response_from_post(self, question, data, images) -> dict:
        ids = [item["id"] for item in question["data"]["items"]]
        ranks = {}
        for item_id in ids:
            rank = one(data, f"rank-{item_id}", "Give every item a rank.")
            if not rank.isdigit():
                raise InvalidResponse("Each rank must be a whole number.")
            ranks[item_id] = int(rank)
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise InvalidResponse(f"Give each item a different rank from 1 to {len(ids)}.")
        return {"order": sorted(ids, key=ranks.__getitem__)}

    def public_data(self, question: dict) -> dict:
        data = question["data"]
        by_id = {item["id"]: item for item in data["items"]}
        ids = display_order(question["key"], list(by_id), data["correct_order"])
        return {"items": [{"id": i, "text": by_id[i]["text"]} for i in ids]}

    def refill(self, public: dict, data) -> dict:
        public["items"] = [dict(i, rank=data.get(f"rank-{i['id']}", "")) for i in public["items"]]
        return public

    def review_parts(self, question, response, result) -> dict:
        data = question["data"]
        by_id = {item["id"]: item for item in data["items"]}
        return {
            "your_order": [by_id[i]["text"] for i in response["order"]],
            "order_items": [
                {"text": by_id[i]["text"], "feedback": by_id[i].get("feedback", "")}
                for i in data["correct_order"]
            ],
        }
