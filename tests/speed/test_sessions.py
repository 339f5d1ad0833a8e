"""With Redis (cached_db sessions, users kept in the cache), Django's rules still hold."""

import pytest
import redis
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.speed.test_redis_cache import redis_port  # noqa: F401 - a real redis-server for each test

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_sessions(redis_port, settings):  # noqa: F811
    settings.CACHES = {
        **settings.CACHES,  # the page fragments stay in memory, as in production
        "default": {
            "BACKEND": "caseapp.speed.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_port}/0",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CASEAPP_USER_CACHE_SECONDS = 3600
    return redis.Redis(port=redis_port)


def calls(server: redis.Redis) -> dict[str, int]:
    stats = server.info("commandstats")
    return {name.removeprefix("cmdstat_"): stat["calls"] for name, stat in stats.items()}


def signed_in(username: str) -> tuple[Client, object]:
    user = make_user(username)
    client = Client()
    client.force_login(user)
    return client, user


def test_a_signed_in_page_reads_its_session_and_user_from_redis_not_the_database(
    redis_sessions, django_assert_num_queries
):
    client, _user = signed_in("cached")
    catalogue = reverse("caseapp:catalogue")
    assert client.get(catalogue).status_code == 200  # the user is cached from here on
    before = calls(redis_sessions)
    with django_assert_num_queries(1):  # the catalogue's own: no session, no user
        assert client.get(catalogue).status_code == 200
    after = calls(redis_sessions)
    delta = {name: n - before.get(name, 0) for name, n in after.items() if n != before.get(name)}
    delta.pop("info")  # the test's own
    assert delta == {"get": 2}, delta  # the session, then its user; nothing written


def test_deactivating_or_changing_the_password_signs_out_at_once(redis_sessions):
    catalogue = reverse("caseapp:catalogue")
    client, user = signed_in("deactivated")
    assert client.get(catalogue).status_code == 200
    assert client.get(catalogue).status_code == 200  # now served from the cached user
    user.is_active = False
    user.save()
    assert client.get(catalogue).status_code == 302
    client, user = signed_in("newpassword")
    assert client.get(catalogue).status_code == 200
    assert client.get(catalogue).status_code == 200
    user.set_password("another-password-2026")
    user.save()
    assert client.get(catalogue).status_code == 302


def test_a_logout_revokes_the_session_and_another_session_is_not_confused(redis_sessions):
    catalogue = reverse("caseapp:catalogue")
    client_a, user_a = signed_in("first")
    client_b, user_b = signed_in("second")
    assert client_a.get(catalogue).status_code == 200
    response = client_b.get(catalogue)
    assert response.context["user"].pk == user_b.pk
    copied = Client()
    copied.cookies["sessionid"] = client_a.cookies["sessionid"].value
    assert copied.get(catalogue).context["user"].pk == user_a.pk
    assert client_a.post(reverse("logout")).status_code == 302
    assert copied.get(catalogue).status_code == 302  # the copied cookie is dead too
    assert client_b.get(catalogue).context["user"].pk == user_b.pk
    assert get_user_model().objects.count() == 2
