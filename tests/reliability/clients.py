"""HTTP clients for reliability tests: each learner with its own session and CSRF token."""

import http.client
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.db import connections
from django.test import Client
from django.utils.crypto import get_random_string

from tests.factories import make_user


class Learner:
    """One browser: its own cookies, CSRF token and connection to the live server."""

    def __init__(self, base: str, username: str):
        user = make_user(username)
        client = Client()
        client.force_login(user)
        self.base = base
        self.opener = urllib.request.build_opener(NoRedirect())
        session = client.cookies["sessionid"].value
        # Django accepts any well-formed token pair: the cookie and the header must match.
        self.csrf = get_random_string(32)
        self.opener.addheaders = [("Cookie", f"sessionid={session}; csrftoken={self.csrf}")]

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
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            return -1  # the connection broke: nothing was acknowledged


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_all(workers) -> None:
    """Run the workers in threads; any failure inside one fails the test."""
    errors = []

    def closing(work):
        def run():
            try:
                work()
            except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
                errors.append(exc)
            finally:
                connections.close_all()  # this thread's own database connection

        return run

    threads = [threading.Thread(target=closing(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not errors, errors[:3]
