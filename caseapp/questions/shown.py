"""A question as a page shows it: a form before answering, a review after.

One builder for the web step page, the summary and the SCORM player, so the three cannot
drift. Its parts are computed when a template first reads them: a page whose fragment is
already cached (see the `{% cache %}` tags in the learner templates) grades nothing.
"""

import json
from functools import cached_property

from .. import grading
from ..figures import overlay
from . import get


class Shown:
    def __init__(
        self, question: dict, answer, images: dict, *, number="", error="", notice="", posted=None
    ):
        self.q = question
        self.answer = answer
        self.answered = answer is not None
        self.number = number
        self.error = error
        self.notice = notice
        self.image = images.get(question["image"]) if question.get("image") else None
        self._posted = posted

    def __getitem__(self, name: str):
        # Templates look a name up as a key first: answering here spares them an exception
        # for every {{ item.… }} (measurably, on pages with several questions).
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    @property
    def meta(self) -> str:
        """What the heading says of the question: its type and points."""
        points = self.q["points"]
        return f"{self.q['type_label']} · {points} point{'' if points == 1 else 's'}"

    @cached_property
    def kind(self):
        return get(self.q["type"])

    @cached_property
    def public(self) -> dict:
        """What the form shows: texts and ids only (no key, flag or feedback)."""
        public = self.kind.public_data(self.q)
        if self._posted is not None:
            public = self.kind.refill(public, self._posted)
        return public

    @cached_property
    def ranks(self) -> range:
        return range(1, len(self.public.get("items", [])) + 1)

    @property
    def posted(self) -> bool:
        """Whether the form shows what the learner sent (its type's refill, in `public`)."""
        return self._posted is not None

    @cached_property
    def review(self) -> dict:
        """The learner's answer against the key, explained (only once answered)."""
        result = grading.grade(self.q["spec"], self.answer.response)
        return self.kind.review(self.q, self.answer.response, result)

    @cached_property
    def review_overlay(self) -> list[dict]:
        # The answered hotspot reveals the target: its arrows can show with it.
        return overlay(self.image, self.review["regions"] + self.image["annotations"])

    @cached_property
    def review_markers(self) -> list[dict]:
        w, h = self.image["width"], self.image["height"]
        return [{"x": x * w, "y": y * h} for x, y in self.review["markers"]]

    @cached_property
    def response_key(self) -> str:
        """The answer given, as text: with the version and question, all a review shows."""
        return json.dumps(self.answer.response, sort_keys=True, separators=(",", ":"))
