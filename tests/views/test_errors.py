"""A database that cannot be reached gives learners a clear 503 page."""

import pytest
from django.db import OperationalError, connections
from django.test import RequestFactory

from caseapp.views.errors import server_error

pytestmark = pytest.mark.django_db  # lets the second connection really try the database


def unreachable_database_error():
    default = connections["default"]
    settings = {**default.settings_dict, "NAME": "/nonexistent/folder/caseapp.sqlite3"}
    if default.vendor == "postgresql":
        settings.update({"HOST": "127.0.0.1", "PORT": "1"})  # nothing listens there
    wrapper = type(default)(settings)  # a second wrapper; the test database is untouched
    try:
        wrapper.ensure_connection()
    except OperationalError as exc:  # the backend's real error, wrapped by Django
        return exc
    finally:
        wrapper.close()
    pytest.fail("the database was reachable")


def test_an_unreachable_database_gives_a_503_page_not_a_traceback():
    request = RequestFactory().get("/")
    error = unreachable_database_error()
    try:
        raise error
    except Exception:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in response.content.decode()


def test_other_errors_keep_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
