"""Property-based fuzzing of every POST endpoint: no payload ever produces a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseapp.demo import load_demo
from caseapp.models import Attempt

pytestmark = pytest.mark.django_db

FIELDS = st.sampled_from(
    ["choice", "choices", "text", "value", "x", "y", "click.x", "click.y", "rank-a", "rank-b",
     "rank-c", "match-p1", "match-p2", "csrfmiddlewaretoken", "next", "username", "password",
     "archive", "replace", "\x00", "../x", "a" * 300]
)  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "0", "-1", "1e309", "nan", "inf", "0x1f", "1,5", "a", "r1", "p1", "é"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
)
PAYLOADS = st.dictionaries(FIELDS, st.one_of(VALUES, st.lists(VALUES, max_size=4)), max_size=8)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def started(client_a):
    case, _ = load_demo()
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    keys = [q["key"] for s in attempt.version.content["steps"] for q in s["questions"]]
    return case, attempt, keys


@FUZZ
@given(payload=PAYLOADS, index=st.integers(min_value=0, max_value=40), htmx=st.booleans())
def test_answer_posts_never_fail_with_a_server_error(client_a, started, payload, index, htmx):
    case, attempt, keys = started
    key = keys[index] if index < len(keys) else str(index * 7919)
    url = reverse("caseapp:answer", args=[attempt.pk, key])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    assert client_a.post(url, payload, **headers).status_code < 500


@FUZZ
@given(payload=PAYLOADS)
def test_other_posts_never_fail_with_a_server_error(client_a, ed, started, payload):
    case, attempt, _ = started
    assert client_a.post(reverse("caseapp:start", args=[case.pk]), payload).status_code < 500
    assert client_a.post(reverse("login"), payload).status_code < 500
    assert ed.post(reverse("markdown_preview"), payload).status_code < 500
    assert ed.post(reverse("admin:caseapp_case_import"), payload).status_code < 500
