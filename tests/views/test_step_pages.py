"""Fragments cached per case version: each resident still gets their own page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from caseapp.models import Answer
from tests.factories import make_user

from .test_learner import answer_all, answer_step_one, answer_url, questions, start, step_url

pytestmark = pytest.mark.django_db


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def test_residents_on_the_same_step_each_get_their_name_links_and_token(case):
    pages, attempts = {}, {}
    for name in ("ana", "<b>bo</b>"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user(name))
        attempts[name] = start_without_js(client, case)
        pages[name] = (client, client.get(step_url(attempts[name], 1)).content.decode())
    for name, (_client, page) in pages.items():
        other = next(a for n, a in attempts.items() if n != name)
        assert f"/attempts/{attempts[name].pk}/" in page
        assert f"/attempts/{other.pk}/" not in page
    assert "Signed in as ana" in pages["ana"][1]
    assert "Signed in as &lt;b&gt;bo&lt;/b&gt;" in pages["<b>bo</b>"][1]
    # The form's token is this resident's: a plain (no-JavaScript) post with it is taken.
    client, page = pages["<b>bo</b>"]
    single = questions(case, 0)[0]
    posted = client.post(
        answer_url(attempts["<b>bo</b>"], single),
        {"choice": "b", "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert posted.status_code == 302
    assert Answer.objects.get(question_key=str(single.pk)).attempt == attempts["<b>bo</b>"]


def start_without_js(client, case):
    intro = client.get(reverse("caseapp:case_intro", args=[case.pk])).content.decode()
    response = client.post(
        reverse("caseapp:start", args=[case.pk]), {"csrfmiddlewaretoken": csrf_token(intro)}
    )
    assert response.status_code == 302
    return case.attempts.latest("pk")


def test_the_shared_page_shows_each_residents_own_progress(client_a, client_b, case):
    ahead, behind = start(client_a, case), start(client_b, case)
    answer_step_one(client_a, ahead, case)
    step_two = client_a.get(step_url(ahead, 2)).content.decode()
    assert 'aria-current="step">2.' in step_two
    assert step_url(ahead, 1) in step_two and "(answered)" in step_two
    # The resident still on step 1 sees step 2 locked, whatever was cached for the other.
    step_one = client_b.get(step_url(behind, 1)).content.decode()
    assert step_url(behind, 2) not in step_one
    assert "(answered)" not in step_one
    assert client_b.get(step_url(behind, 2)).status_code == 403


def test_a_step_answered_in_part_shows_the_answer_given(client_a, case):
    attempt = start(client_a, case)
    client_a.get(step_url(attempt, 1))  # the unanswered page, its fragments cached
    single = questions(case, 0)[0]
    client_a.post(answer_url(attempt, single), {"choice": "a"})
    page = client_a.get(step_url(attempt, 1)).content.decode()
    assert "Incorrect" in page and "FEEDBACK-A-1" in page
    assert f'action="{answer_url(attempt, single)}"' not in page


def test_the_progress_swapped_in_after_an_answer_is_each_residents_own(client_a, client_b, case):
    htmx = {"HTTP_HX_REQUEST": "true"}
    single, hotspot = questions(case, 0)
    fragments = {}
    for client in (client_a, client_b):
        attempt = start(client, case)
        client.post(answer_url(attempt, single), {"choice": "b"}, **htmx)
        last = client.post(answer_url(attempt, hotspot), {"x": "0.25", "y": "0.5"}, **htmx)
        fragments[attempt.pk] = last.content.decode()
    for pk, fragment in fragments.items():
        other = next(p for p in fragments if p != pk)
        assert f'href="/attempts/{pk}/steps/2/"' in fragment
        assert f"/attempts/{other}/" not in fragment


def test_feedback_kept_for_an_answer_is_never_shown_for_another(client_a, client_b, case):
    htmx = {"HTTP_HX_REQUEST": "true"}
    single = questions(case, 0)[0]
    wrong = client_a.post(answer_url(start(client_a, case), single), {"choice": "a"}, **htmx)
    right = client_b.post(answer_url(start(client_b, case), single), {"choice": "b"}, **htmx)
    assert "Incorrect" in wrong.content.decode()
    assert "Correct</strong>" in right.content.decode()
    assert "Incorrect" not in right.content.decode()
    third = Client()
    third.force_login(make_user("third"))
    again = third.post(answer_url(start(third, case), single), {"choice": "a"}, **htmx)
    section = re.compile(r'<section class="question".*?</section>', re.S)
    assert section.search(again.content.decode())[0] == section.search(wrong.content.decode())[0]


def test_each_summary_reviews_the_residents_own_answers(client_a, client_b, case):
    pages = {}
    for client, choice in ((client_a, "a"), (client_b, "b")):
        attempt = start(client, case)
        answer_all(client, attempt, case, choice=choice)
        pages[choice] = client.get(reverse("caseapp:summary", args=[attempt.pk])).content.decode()
    assert pages["a"].count("<strong>Incorrect</strong>") == len(
        [q for q in questions(case) if q.type == "single"]
    )
    assert "<strong>Incorrect</strong>" not in pages["b"]
