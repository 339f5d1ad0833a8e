"""The model backend's per-request user lookup keeps Django's rules."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[0, 60], ids=["no user cache", "user cache"])
def user_cache(request, settings):
    # With a shared cache (Redis) signed-in users are kept there; the rules stay the same.
    settings.CASEAPP_USER_CACHE_SECONDS = request.param
    yield
    from django.core.cache import cache

    cache.clear()


def test_a_deactivated_or_deleted_resident_is_signed_out_on_the_next_request(client_a, resident):
    catalogue = reverse("caseapp:catalogue")
    assert client_a.get(catalogue).status_code == 200
    resident.is_active = False
    resident.save()
    assert client_a.get(catalogue).status_code == 302
    resident.delete()
    assert client_a.get(catalogue).status_code == 302


def test_a_password_change_ends_other_sessions(client_a, resident):
    assert client_a.get(reverse("caseapp:catalogue")).status_code == 200
    resident.set_password("a-new-password-2026")
    resident.save()
    response = client_a.get(reverse("caseapp:catalogue"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_signing_in_with_a_password_still_works(client, resident):
    response = client.post(
        reverse("login"),
        {"username": "resident", "password": "pw-for-tests"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    assert client.get(reverse("caseapp:catalogue")).status_code == 200
