"""Every question type refuses malformed answers with a clear 4xx message and stores nothing."""

import pytest
from django.urls import reverse

from caseapp.demo import load_demo
from caseapp.models import Answer, Attempt

pytestmark = pytest.mark.django_db

JUNK = {
    "single": [{}, {"choice": "zz"}, {"choice": ""}, {"choices": "a"}],
    "multiple": [{}, {"choices": "zz"}, {"choices": ["a", "a"]}, {"choice": "a"}],
    "hotspot": [{}, {"x": "2", "y": "0.5"}, {"x": "0.5"}, {"click.x": "-5", "click.y": "3"}],
    "ordering": [{}, {"rank-a": "1"}, {"rank-a": "x", "rank-b": "1"}],
    "matching": [{}, {"match-p1": "nope"}],
    "text": [{}, {"text": "   "}, {"text": "x" * 501}, {"text": ["a", "b"]}],
    "numeric": [{}, {"value": "five"}, {"value": "1e999"}, {"value": "0x10"}, {"value": "--1"}],
}


def _content_questions(attempt):
    for step in attempt.version.content["steps"]:
        yield from step["questions"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_malformed_answers_of_every_type_get_a_message_and_change_nothing(client_a, htmx):
    case, _ = load_demo()
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    seen = set()
    answered = 0
    for question in _content_questions(attempt):
        seen.add(question["type"])
        url = reverse("caseapp:answer", args=[attempt.pk, question["key"]])
        for payload in JUNK[question["type"]]:
            response = client_a.post(url, payload, **headers)
            # 422 where the step is open; a question of a locked step is refused first.
            assert response.status_code in (403, 422), (question["type"], payload)
            assert 'role="alert"' in response.content.decode()
        assert Answer.objects.filter(attempt=attempt).count() == answered
    assert seen == set(JUNK)
