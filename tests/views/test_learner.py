"""The learner pages: gating, feedback, answer safety, isolation and query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from caseapp import grading
from caseapp.models import Answer, Attempt, Question
from caseapp.publishing import publish
from tests.factories import make_case

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def start(client, case) -> Attempt:
    response = client.post(reverse("caseapp:start", args=[case.pk]))
    assert response.status_code == 302
    return Attempt.objects.filter(case=case).latest("pk")


def questions(case, step_position=None):
    qs = Question.objects.filter(step__case=case).order_by("step__position", "position")
    if step_position is not None:
        qs = qs.filter(step__position=step_position)
    return list(qs)


def answer_url(attempt, question):
    return reverse("caseapp:answer", args=[attempt.pk, str(question.pk)])


def step_url(attempt, number):
    return reverse("caseapp:step", args=[attempt.pk, number])


def answer_step_one(client, attempt, case):
    single, hotspot = questions(case, 0)
    client.post(answer_url(attempt, single), {"choice": "b"})
    client.post(answer_url(attempt, hotspot), {"x": "0.25", "y": "0.5"})


def answer_all(client, attempt, case, choice="b"):
    for question in (
        Question.objects.filter(step__case=case)
        .exclude(pk__in=[int(a.question_key) for a in attempt.answers.all()])
        .order_by("step__position", "position")
    ):
        data = {"choice": choice} if question.type == "single" else {"x": "0.25", "y": "0.5"}
        assert client.post(answer_url(attempt, question), data).status_code == 302


def test_anonymous_learner_is_sent_to_sign_in(client, case):
    response = client.get(reverse("caseapp:case_intro", args=[case.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_catalogue_lists_published_cases_only(client_a, case):
    draft = make_case(status="draft", slug="draft-case")
    draft.title = "A draft nobody sees"
    draft.save()
    page = client_a.get(reverse("caseapp:catalogue")).content.decode()
    assert case.title in page
    assert "A draft nobody sees" not in page
    assert client_a.get(reverse("caseapp:case_intro", args=[draft.pk])).status_code == 404


def test_catalogue_keeps_the_last_finished_score_while_a_fresh_attempt_is_open(client_a, case):
    catalogue = reverse("caseapp:catalogue")
    finished = start(client_a, case)
    answer_all(client_a, finished, case)
    finished.refresh_from_db()
    assert f"Completed: {finished.score_percent}%" in client_a.get(catalogue).content.decode()
    client_a.post(reverse("caseapp:start", args=[case.pk]))  # a fresh attempt
    page = client_a.get(catalogue).content.decode()
    assert f"In progress (last finished attempt: {finished.score_percent}%)" in page


def test_intro_shows_objectives_and_time_then_start_opens_step_one(client_a, case):
    page = client_a.get(reverse("caseapp:case_intro", args=[case.pk])).content.decode()
    assert "Objective one" in page and "about 20 minutes" in page
    response = client_a.post(reverse("caseapp:start", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == step_url(Attempt.objects.get(), 1)
    assert "Stem 1?" in response.content.decode()


def test_starting_twice_resumes_the_same_attempt(client_a, case):
    first = start(client_a, case)
    second = start(client_a, case)
    assert first == second
    assert Attempt.objects.count() == 1


def test_locked_step_cannot_be_reached_by_url(client_a, case):
    attempt = start(client_a, case)
    response = client_a.get(step_url(attempt, 2))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Stem 2?" not in page and "Body of step 2" not in page
    assert "opens once you answer" in page


def test_summary_is_locked_until_every_step_is_answered(client_a, case):
    attempt = start(client_a, case)
    response = client_a.get(reverse("caseapp:summary", args=[attempt.pk]))
    assert response.status_code == 403
    assert "TEACHING-POINT" not in response.content.decode()


def test_step_page_reveals_no_key_feedback_or_explanation_before_answering(client_a, case):
    attempt = start(client_a, case)
    page = client_a.get(step_url(attempt, 1)).content.decode()
    assert "Option B1" in page
    for secret in ["FEEDBACK-", "EXPLANATION-", "correct", "DIAGNOSIS-NAME", "TEACHING-POINT"]:
        assert secret not in page
    # The annotation overlay (arrows at the lesion) waits for the step to be answered.
    assert "<svg" not in page


def test_plain_post_answer_redirects_and_then_shows_explained_feedback(client_a, case):
    attempt = start(client_a, case)
    single = questions(case, 0)[0]
    response = client_a.post(answer_url(attempt, single), {"choice": "a"})
    assert response.status_code == 302
    assert response["Location"] == f"{step_url(attempt, 1)}#q-{single.pk}"
    page = client_a.get(step_url(attempt, 1)).content.decode()
    for text in ["Incorrect", "FEEDBACK-A-1", "FEEDBACK-B-1", "FEEDBACK-C-1", "EXPLANATION-1"]:
        assert text in page
    assert "All or nothing" in page or grading.RULES["all_or_nothing"] in page


def test_htmx_answer_returns_the_feedback_fragment_and_opens_the_next_step(client_a, case):
    attempt = start(client_a, case)
    single, hotspot = questions(case, 0)
    first = client_a.post(answer_url(attempt, single), {"choice": "b"}, **HTMX)
    assert first.status_code == 200
    fragment = first.content.decode()
    assert "<html" not in fragment
    assert f'id="q-{single.pk}"' in fragment and "FEEDBACK-B-1" in fragment
    assert "Answer every question on this page" in fragment  # the hotspot is still open
    second = client_a.post(answer_url(attempt, hotspot), {"x": "0.2", "y": "0.4"}, **HTMX)
    fragment = second.content.decode()
    assert "FEEDBACK-HOTSPOT-RIGHT" in fragment
    assert 'id="step-nav"' in fragment and step_url(attempt, 2) in fragment
    assert client_a.get(step_url(attempt, 2)).status_code == 200


def test_annotations_appear_once_the_step_is_answered(client_a, case):
    attempt = start(client_a, case)
    answer_step_one(client_a, attempt, case)
    page = client_a.get(step_url(attempt, 1)).content.decode()
    assert "<svg" in page and "marker-end" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_second_submit_changes_nothing_and_says_so(client_a, case, htmx):
    attempt = start(client_a, case)
    single = questions(case, 0)[0]
    extra = HTMX if htmx else {}
    client_a.post(answer_url(attempt, single), {"choice": "a"}, **extra)
    again = client_a.post(answer_url(attempt, single), {"choice": "b"}, **extra)
    assert again.status_code == 409
    assert "your first answer stands" in again.content.decode()
    stored = Answer.objects.get(attempt=attempt)
    assert stored.response == {"choice": "a"} and stored.earned == "0"


def test_another_learners_attempt_is_not_found_and_untouched(client_a, client_b, case):
    attempt = start(client_a, case)
    single = questions(case, 0)[0]
    assert client_b.get(step_url(attempt, 1)).status_code == 404
    assert client_b.get(reverse("caseapp:summary", args=[attempt.pk])).status_code == 404
    assert client_b.get(reverse("caseapp:attempt_resume", args=[attempt.pk])).status_code == 404
    assert client_b.post(answer_url(attempt, single), {"choice": "b"}).status_code == 404
    assert not Answer.objects.exists()


def test_forged_question_key_is_not_found(client_a, case):
    attempt = start(client_a, case)
    other_case_question = questions(make_case(slug="other"))[0]
    for key in [str(other_case_question.pk), "999999", "abc"]:
        url = reverse("caseapp:answer", args=[attempt.pk, key])
        assert client_a.post(url, {"choice": "b"}).status_code == 404
    assert not Answer.objects.exists()


def test_answering_a_question_of_a_locked_step_is_refused(client_a, case):
    attempt = start(client_a, case)
    later = questions(case, 3)[0]
    response = client_a.post(answer_url(attempt, later), {"choice": "b"}, **HTMX)
    assert response.status_code == 403
    assert not Answer.objects.exists()


MALFORMED = [
    ("single", {}, "Choose one answer"),
    ("single", {"choice": "z"}, ""),
    ("single", {"choice": ["a", "b"]}, ""),
    ("single", {"choice": "x" * 600}, ""),
    ("hotspot", {}, "Click on the image"),
    ("hotspot", {"x": "1.5", "y": "0.2"}, ""),
    ("hotspot", {"x": "-0.1", "y": "0.2"}, ""),
    ("hotspot", {"x": "left", "y": "0.2"}, ""),
    ("hotspot", {"x": "nan", "y": "0.2"}, ""),
    ("hotspot", {"click.x": "900", "click.y": "10"}, ""),
    ("hotspot", {"click.x": "ten", "click.y": "10"}, ""),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("kind", "data", "message"), MALFORMED)
def test_malformed_answers_get_a_clear_message_and_store_nothing(
    client_a, case, kind, data, message, htmx
):
    attempt = start(client_a, case)
    question = next(q for q in questions(case, 0) if q.type == kind)
    response = client_a.post(answer_url(attempt, question), data, **(HTMX if htmx else {}))
    assert response.status_code == 422
    page = response.content.decode()
    assert 'role="alert"' in page and message in page
    assert not Answer.objects.exists()


def test_get_on_the_answer_url_is_not_allowed(client_a, case):
    attempt = start(client_a, case)
    assert client_a.get(answer_url(attempt, questions(case)[0])).status_code == 405


def test_summary_shows_score_pass_answers_teaching_points_and_references(client_a, case):
    attempt = start(client_a, case)
    single_1, hotspot = questions(case, 0)
    client_a.post(answer_url(attempt, single_1), {"choice": "b"})
    client_a.post(answer_url(attempt, hotspot), {"x": "0.9", "y": "0.5"})  # outside: 0 of 2
    for question in questions(case)[2:]:
        client_a.post(answer_url(attempt, question), {"choice": "b"})
    page = client_a.get(reverse("caseapp:summary", args=[attempt.pk])).content.decode()
    expected = grading.percent(6, 8)  # six single answers right, the hotspot missed
    assert f"{expected}%" in page and "Passed" in page
    for text in ["TEACHING-POINT", "REFERENCE-ONE", "DIAGNOSIS-NAME", "EXPLANATION-6"]:
        assert text in page
    attempt.refresh_from_db()
    assert attempt.score_percent == expected and attempt.passed is True


def test_resuming_goes_to_the_first_unanswered_step(client_a, case):
    attempt = start(client_a, case)
    answer_step_one(client_a, attempt, case)
    response = client_a.get(reverse("caseapp:attempt_resume", args=[attempt.pk]))
    assert response["Location"] == step_url(attempt, 2)
    again = client_a.post(reverse("caseapp:start", args=[case.pk]))
    assert again["Location"] == reverse("caseapp:attempt_resume", args=[attempt.pk])


def test_a_fresh_attempt_can_start_after_finishing(client_a, case):
    attempt = start(client_a, case)
    answer_all(client_a, attempt, case)
    fresh = start(client_a, case)
    assert fresh != attempt
    assert client_a.get(step_url(fresh, 2)).status_code == 403
    assert client_a.get(reverse("caseapp:summary", args=[attempt.pk])).status_code == 200


def finished_attempt(learner, case, percent: int, passed: bool, days_ago: int = 0) -> Attempt:
    """A finished attempt made straight in the database (its review is not what is tested)."""
    when = timezone.now() - timedelta(days=days_ago)
    attempt = Attempt.objects.create(
        learner=learner, case=case, version_id=case.published_version_id, preview=False
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=when, completed_at=when, score_percent=percent, passed=passed
    )
    return attempt


def test_intro_lists_each_finished_attempt_with_its_review_and_the_open_one_to_resume(
    client_a, case, resident, other_resident
):
    first = start(client_a, case)
    answer_all(client_a, first, case, choice="a")
    second = start(client_a, case)
    answer_all(client_a, second, case)
    third = start(client_a, case)
    others = finished_attempt(other_resident, case, 90, True)
    preview = Attempt.objects.create(
        learner=resident, case=case, version_id=case.published_version_id, preview=True
    )
    first.refresh_from_db()
    second.refresh_from_db()

    page = client_a.get(case.get_absolute_url()).content.decode()

    summary = reverse("caseapp:summary", args=[first.pk])
    assert f'<a href="{summary}">Review attempt 1</a>' in page
    summary = reverse("caseapp:summary", args=[second.pk])
    assert f'<a href="{summary}">Review attempt 2</a>' in page
    resume = reverse("caseapp:attempt_resume", args=[third.pk])
    assert f'<a href="{resume}">Resume attempt 3</a>' in page
    assert f'{first.score_percent}%, <span class="fail">not passed</span>' in page
    assert f'{second.score_percent}%, <span class="pass">passed</span>' in page
    assert dateformat.format(timezone.localtime(second.completed_at), "j F Y, H:i") in page
    for hidden in (others, preview):
        assert reverse("caseapp:summary", args=[hidden.pk]) not in page
        assert reverse("caseapp:attempt_resume", args=[hidden.pk]) not in page
    # Each review opens from there, the open attempt included after it resumes.
    assert client_a.get(reverse("caseapp:summary", args=[first.pk])).status_code == 200
    assert client_a.get(resume)["Location"] == step_url(third, 1)


def test_intro_without_attempts_offers_to_start_and_lists_none(client_a, case):
    page = client_a.get(case.get_absolute_url()).content.decode()
    assert "Start the case" in page
    assert "Your attempts" not in page


def test_intro_takes_the_same_queries_for_one_attempt_and_for_many(client_a, case, resident):
    finished_attempt(resident, case, 40, False, days_ago=30)
    one = count_queries(client_a, case.get_absolute_url())
    for n in range(12):
        finished_attempt(resident, case, 50 + n, n % 2 == 0, days_ago=20 - n)
    start(client_a, case)
    many = count_queries(client_a, case.get_absolute_url())
    page = client_a.get(case.get_absolute_url()).content.decode()
    assert page.count("Review attempt") == 13 and "Resume attempt 14" in page
    # Session, user, the case, then every attempt of this learner in one query.
    assert many == one <= 4


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", page)


def test_editing_a_case_leaves_earlier_attempts_score_and_review_unchanged(client_a, case):
    attempt = start(client_a, case)
    answer_all(client_a, attempt, case, choice="b")
    summary_url = reverse("caseapp:summary", args=[attempt.pk])
    before = without_csrf_tokens(client_a.get(summary_url).content.decode())
    question = questions(case)[0]
    first, second, _ = question.options.all()
    first.correct, second.correct = True, False
    second.feedback = "REWRITTEN-FEEDBACK"
    first.save()
    second.save()
    question.explanation = "REWRITTEN-EXPLANATION"
    question.save()
    after = without_csrf_tokens(client_a.get(summary_url).content.decode())
    assert after == before
    assert "REWRITTEN" not in after
    attempt.refresh_from_db()
    assert attempt.score_percent == 100
    publish(case)
    fresh = start(client_a, case)
    assert fresh.version != attempt.version
    client_a.post(answer_url(fresh, question), {"choice": "b"})
    assert Answer.objects.get(attempt=fresh).earned == "0"


def count_queries(client, url, status=200, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        if data is None:
            assert client.get(url).status_code == status
        else:
            assert client.post(url, data, **HTMX).status_code == status
    # Savepoints come from the test's own transaction, not from the request.
    return len([q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_learner_pages_use_the_same_few_queries_for_6_and_40_steps(client_a):
    counts = {}
    for steps in (6, 40):
        case = make_case(steps=steps, slug=f"size-{steps}")
        attempt = start(client_a, case)
        count = {
            "catalogue": count_queries(client_a, reverse("caseapp:catalogue")),
            "intro": count_queries(client_a, case.get_absolute_url()),
            "open step": count_queries(client_a, step_url(attempt, 1)),
            "locked step": count_queries(client_a, step_url(attempt, steps), status=403),
        }
        first = questions(case)[0]
        count["answer"] = count_queries(client_a, answer_url(attempt, first), data={"choice": "b"})
        answer_all(client_a, attempt, case)
        count["answered step"] = count_queries(client_a, step_url(attempt, steps))
        count["summary"] = count_queries(client_a, reverse("caseapp:summary", args=[attempt.pk]))
        counts[steps] = count
    assert counts[6] == counts[40]
    # Session, user, then the page's own data: the attempt with its answers and the version's
    # digest (the content itself is decoded once per worker process).
    assert max(n for page, n in counts[40].items() if page != "answer") <= 4, counts[40]
    # An answer: the attempt with its answers, then one statement that stores and counts it
    # (an INSERT and an UPDATE on SQLite).
    assert counts[40]["answer"] <= 5, counts[40]


def test_a_one_click_hotspot_explains_its_rule_plainly(client_a, case):
    from caseapp.questions.hotspot import ONE_CLICK_RULE

    attempt = start(client_a, case)
    hotspot = questions(case, 0)[1]
    fragment = client_a.post(answer_url(attempt, hotspot), {"x": "0.8", "y": "0.5"}, **HTMX)
    assert ONE_CLICK_RULE in fragment.content.decode()


def test_a_forged_form_version_changes_nothing_of_how_an_answer_is_graded(client_a, client_b, case):
    attempt = start(client_a, case)
    question = questions(case, 0)[0]
    # A newer version counts the first option as right instead of the second.
    question.options.update(correct=False)
    question.options.filter(position=0).update(correct=True)
    publish(case)
    newer = start(client_b, case)
    for token in (str(newer.version_id), "999999", "not-a-token", "²", "-1"):
        fragment = client_a.post(
            answer_url(attempt, question), {"choice": "b", "version": token}, **HTMX
        )
        assert fragment.status_code == (200 if token == str(newer.version_id) else 409)
    stored = Answer.objects.get(attempt=attempt)
    # "b" was right in the attempt's own version, whatever version the form claimed.
    assert (stored.earned, stored.correct) == ("1", True)
    assert Attempt.objects.get(pk=attempt.pk).answer_count == 1
