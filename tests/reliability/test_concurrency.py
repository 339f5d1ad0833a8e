"""Under concurrent load every acknowledged answer is stored exactly once, scored as graded."""

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.db import connections
from django.test import Client

from caseapp import grading
from caseapp.attempts import score
from caseapp.models import Answer, Attempt
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 32


class Learner:
    """One browser: its own cookies, CSRF token and connection to the live server."""

    def __init__(self, base: str, username: str):
        user = make_user(username)
        client = Client()
        client.force_login(user)
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        session = client.cookies["sessionid"].value
        self.opener.addheaders = [("Cookie", f"sessionid={session}")]
        self.get("/")
        self.csrf = next(c.value for c in self.jar if c.name == "csrftoken")
        self.opener.addheaders = [("Cookie", f"sessionid={session}; csrftoken={self.csrf}")]

    def get(self, path: str) -> int:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict, htmx: bool = True) -> int:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.base + "/"}
        if htmx:
            headers["HX-Request"] = "true"
        body = urllib.parse.urlencode(data).encode()
        return self._send(urllib.request.Request(self.base + path, body, headers))

    def _send(self, request) -> int:
        try:
            with self.opener.open(request, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_all(workers) -> None:
    def closing(work):
        def run():
            try:
                work()
            finally:
                connections.close_all()  # this thread's own database connection

        return run

    threads = [threading.Thread(target=closing(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hung"


def answer_data(question: dict, right: bool) -> dict:
    if question["type"] == "single":
        return {"choice": question["spec"]["correct"] if right else "a"}
    return {"x": "0.2" if right else "0.9", "y": "0.5"}


def test_concurrent_learners_lose_nothing_and_count_nothing_twice(live_server):
    case = make_case(steps=6)
    learners = [Learner(live_server.url, f"learner{i}") for i in range(CLIENTS)]
    acknowledged: list[tuple[int, str, dict]] = []
    lock = threading.Lock()

    def walk(learner: Learner, index: int):
        def run():
            assert learner.post(f"/cases/{case.pk}/start/", {}, htmx=False) == 302
            attempt = Attempt.objects.get(learner__username=f"learner{index}")
            for n, step in enumerate(attempt.version.content["steps"]):
                for question in step["questions"]:
                    data = answer_data(question, right=(n + index) % 2 == 0)
                    url = f"/attempts/{attempt.pk}/questions/{question['key']}/answer/"
                    status = learner.post(url, data)
                    again = learner.post(url, data)  # an impatient double submit
                    assert again in (200, 409), again
                    if status == 200:
                        with lock:
                            acknowledged.append((attempt.pk, question["key"], data))

        return run

    run_all([walk(learner, i) for i, learner in enumerate(learners)])
    stored = Counter(Answer.objects.values_list("attempt_id", "question_key"))
    assert all(count == 1 for count in stored.values())
    assert {(a, q) for a, q, _ in acknowledged} == set(stored)
    assert len(acknowledged) == CLIENTS * 7
    for attempt in Attempt.objects.all():
        answers = {a.question_key: a for a in attempt.answers.all()}
        content = attempt.version.content
        for step in content["steps"]:
            for question in step["questions"]:
                stored_answer = answers[question["key"]]
                regraded = grading.grade(question["spec"], stored_answer.response)
                assert grading.parse_fraction(stored_answer.earned) == regraded.earned
        assert attempt.score_percent == score(content, answers).percent


def test_the_same_answer_from_two_tabs_at_once_is_stored_once(live_server):
    case = make_case(steps=2)
    learner = Learner(live_server.url, "twotabs")
    assert learner.post(f"/cases/{case.pk}/start/", {}, htmx=False) == 302
    attempt = Attempt.objects.get()
    question = attempt.version.content["steps"][0]["questions"][0]
    url = f"/attempts/{attempt.pk}/questions/{question['key']}/answer/"
    barrier = threading.Barrier(8)
    statuses = []

    def tab(choice):
        def run():
            barrier.wait()
            statuses.append(learner.post(url, {"choice": choice}))

        return run

    run_all([tab("b" if i % 2 else "a") for i in range(8)])
    assert sorted(statuses).count(200) == 1 and statuses.count(409) == 7
    (stored,) = Answer.objects.filter(attempt=attempt)
    assert stored.question_key == question["key"]
