"""An id in a URL past what the database holds is a missing object (404), never a 500."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from caseapp.converters import IdConverter
from caseapp.models import Attempt, Case

pytestmark = pytest.mark.django_db

HUGE = "9" * 40
JUST_PAST = str(2**63)  # one past a BigAutoField (and SQLite's integers)
LARGEST = str(2**63 - 1)  # the largest id there can be: simply not found

# (method, URL with {id} where the id goes), asked by a signed-in resident
LEARNER_URLS = [
    ("get", "/cases/{id}/"),
    ("post", "/cases/{id}/start/"),
    ("get", "/attempts/{id}/"),
    ("get", "/attempts/{id}/steps/1/"),
    ("get", "/attempts/{attempt}/steps/{id}/"),
    ("post", "/attempts/{id}/questions/q1/answer/"),
    ("get", "/attempts/{id}/summary/"),
]
# The case admin's own actions: past the range the URL is no action's, and the admin's
# <path:object_id>/ URL takes it: the same "doesn't exist" message as any object it lacks.
ADMIN_ACTION_URLS = [
    ("post", "/admin/caseapp/case/{id}/publish/"),
    ("post", "/admin/caseapp/case/{id}/preview/"),
    ("get", "/admin/caseapp/case/{id}/export/"),
    ("get", "/admin/caseapp/case/{id}/scorm/1.2/"),
]


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-tests"))
    return client


@pytest.mark.parametrize("value", [HUGE, JUST_PAST, LARGEST])
@pytest.mark.parametrize(("method", "url"), LEARNER_URLS)
def test_a_learner_url_with_an_id_out_of_range_is_not_found(client_a, case, method, url, value):
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    response = getattr(client_a, method)(url.format(id=value, attempt=attempt.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("value", [HUGE, JUST_PAST])
@pytest.mark.parametrize(("method", "url"), ADMIN_ACTION_URLS)
def test_an_admin_action_with_an_id_out_of_range_does_nothing_and_says_so(
    superuser_client, method, url, value
):
    response = getattr(superuser_client, method)(url.format(id=value), follow=True)
    assert response.status_code == 200
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()
    assert not Attempt.objects.exists()  # no preview started


@pytest.mark.parametrize("url", ["/admin/caseapp/case/{id}/export/", "/admin/r/{id}/1/"])
def test_the_largest_id_in_an_admin_url_is_simply_not_found(superuser_client, url):
    assert superuser_client.get(url.format(id=LARGEST)).status_code == 404


def test_django_admins_view_on_site_with_an_id_out_of_range_is_not_found(superuser_client):
    content_type = ContentType.objects.get_for_model(Case).pk
    for url in [f"/admin/r/{HUGE}/1/", f"/admin/r/{content_type}/{HUGE}/"]:
        assert superuser_client.get(url).status_code == 404


def admin_object_urls():
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{{id}}/"
        for suffix in ["", "change/", "delete/", "history/"]:
            yield base + suffix


@pytest.mark.parametrize("value", [HUGE, JUST_PAST])
@pytest.mark.parametrize("url", sorted(admin_object_urls()))
def test_an_admin_object_url_with_an_id_out_of_range_says_it_does_not_exist(
    superuser_client, url, value
):
    # Django's admin takes any text as an object id; a missing one sends the user back with
    # a message (its own <path:object_id>/ URL forwards to the change page first).
    response = superuser_client.get(url.format(id=value), follow=True)
    assert response.status_code == 200
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


def test_every_integer_in_a_url_is_an_id_in_range():
    """A caseapp URL added later with <int:...> would reach the database with any number."""

    def converters(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from converters(entry.url_patterns, route)
            elif entry.callback.__module__.startswith("caseapp."):
                for name, converter in getattr(entry.pattern, "converters", {}).items():
                    yield route, name, type(converter).__name__

    integers = [
        (route, name, kind)
        for route, name, kind in converters(get_resolver().url_patterns)
        if kind not in {IdConverter.__name__, "StringConverter", "PathConverter"}
    ]
    assert integers == []
