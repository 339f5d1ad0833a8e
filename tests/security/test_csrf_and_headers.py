"""CSRF on every state-changing form, login rate limits, and the security headers."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from caseapp.models import Answer, Attempt, Question
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    return client


def test_state_changing_posts_without_a_csrf_token_are_refused(strict, resident, educator):
    case = make_case()
    relaxed = Client()
    relaxed.force_login(resident)
    relaxed.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    question = Question.objects.filter(step__case=case).order_by("step__position", "position")[0]
    answer = reverse("caseapp:answer", args=[attempt.pk, str(question.pk)])
    assert strict.post(answer, {"choice": "b"}).status_code == 403
    assert strict.post(answer, {"choice": "b"}, HTTP_HX_REQUEST="true").status_code == 403
    assert strict.post(reverse("caseapp:start", args=[case.pk])).status_code == 403
    assert strict.post(reverse("logout")).status_code == 403
    assert not Answer.objects.exists()
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(educator)
    for url in [
        reverse("admin:caseapp_case_preview", args=[case.pk]),
        reverse("admin:caseapp_case_publish", args=[case.pk]),
        reverse("markdown_preview"),
    ]:
        assert staff.post(url, {"text": "x"}).status_code == 403, url


def test_htmx_sends_the_csrf_token_that_the_page_carries(strict, resident):
    case = make_case()
    page = strict.get(case.get_absolute_url()).content.decode()
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = strict.post(
        reverse("caseapp:start", args=[case.pk]), HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_is_rate_limited_per_account_with_a_clear_message():
    make_user("target")
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "target", "password": "pw-for-tests"})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    again = other.post(reverse("login"), {"username": "target", "password": "pw-for-tests"})
    assert again.status_code == 429  # the account is paused from any address


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_is_rate_limited_per_address_across_accounts():
    make_user("someone")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for name in ["x1", "x2", "x3"]:
        client.post(reverse("login"), {"username": name, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "someone", "password": "pw-for-tests"})
    assert locked.status_code == 429


def test_pages_carry_a_csp_without_inline_scripts_and_nosniff(client_a):
    response = client_a.get(reverse("caseapp:catalogue"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
