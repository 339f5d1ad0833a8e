"""Who may see or change what: every role against every URL that shows or changes an object."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from caseapp.accounts import educator_group
from caseapp.models import Attempt, Question
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "resident_b", "educator", "staff"]
LOGIN, ADMIN_LOGIN, MISSING = "login", "admin-login", 404


@pytest.fixture
def world():
    users = {
        "resident_a": make_user("a"),
        "resident_b": make_user("b"),
        "educator": make_user("edu", is_staff=True),
        "staff": get_user_model().objects.create_superuser("root", password="pw-for-tests"),
    }
    users["educator"].groups.add(educator_group())
    case = make_case()
    draft = make_case(status="draft", slug="draft")
    client = Client()
    client.force_login(users["resident_a"])
    client.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get(learner=users["resident_a"])
    question = Question.objects.filter(step__case=case).order_by("step__position", "position")[0]
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return {"case": case, "draft": draft, "attempt": attempt, "question": question, "c": clients}


def image_url(case) -> str:
    from django.core.files.storage import default_storage

    return default_storage.url(case.steps.first().images.first().image.name)


def outcome(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return 302
    return response.status_code


def urls(w):
    a, case, draft = w["attempt"], w["case"], w["draft"]
    answer = reverse("caseapp:answer", args=[a.pk, str(w["question"].pk)])
    return {
        "catalogue": ("get", reverse("caseapp:catalogue")),
        "intro": ("get", case.get_absolute_url()),
        "draft intro": ("get", draft.get_absolute_url()),
        "start": ("post", reverse("caseapp:start", args=[case.pk])),
        "start draft": ("post", reverse("caseapp:start", args=[draft.pk])),
        "A's step": ("get", reverse("caseapp:step", args=[a.pk, 1])),
        "A's resume": ("get", reverse("caseapp:attempt_resume", args=[a.pk])),
        "A's answer": ("post", answer),
        "A's summary": ("get", reverse("caseapp:summary", args=[a.pk])),
        "admin": ("get", "/admin/"),
        "admin case": ("get", reverse("admin:caseapp_case_change", args=[case.pk])),
        "admin preview": ("post", reverse("admin:caseapp_case_preview", args=[draft.pk])),
        "archive export": ("get", reverse("admin:caseapp_case_export", args=[case.pk])),
        "scorm export": ("get", reverse("admin:caseapp_case_scorm", args=[case.pk, "1.2"])),
        "markdown preview": ("post", reverse("markdown_preview")),
        "users admin": ("get", "/admin/auth/user/"),
        "published image": ("get", image_url(case)),
        "draft image": ("get", image_url(draft)),
    }


# Expected outcome per URL for: anonymous, resident A, resident B, educator, staff (superuser).
# A resident never learns that someone else's attempt exists: 404, like a missing one.
EXPECTED = {
    "catalogue": [LOGIN, 200, 200, 200, 200],
    "intro": [LOGIN, 200, 200, 200, 200],
    "draft intro": [LOGIN, 404, 404, 404, 404],
    "start": [LOGIN, 302, 302, 302, 302],
    "start draft": [LOGIN, 404, 404, 404, 404],
    "A's step": [LOGIN, 200, 404, 404, 404],
    "A's resume": [LOGIN, 302, 404, 404, 404],
    "A's answer": [LOGIN, 302, 404, 404, 404],
    "A's summary": [LOGIN, 403, 404, 404, 404],
    "admin": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200],
    "admin case": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200],
    "admin preview": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 302, 302],
    "archive export": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200],
    "scorm export": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200],
    "markdown preview": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200],
    "users admin": [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200],
    "published image": [404, 200, 200, 200, 200],
    "draft image": [404, 404, 404, 200, 200],
}


@pytest.mark.parametrize("name", EXPECTED)
def test_permission_matrix(world, name):
    method, url = urls(world)[name]
    data = {"choice": "b", "text": "x"} if method == "post" else None
    got = [outcome(getattr(world["c"][role], method)(url, data)) for role in ROLES]
    assert got == EXPECTED[name], dict(zip(ROLES, got, strict=True))
