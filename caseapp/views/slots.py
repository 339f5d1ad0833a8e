"""Learner pages rendered once per case version, filled in per request.

A step that nobody has answered yet looks the same to every resident taking that version of
the case, but for three values: the attempt's id in its URLs, the CSRF token and the
resident's name. Such a page is rendered once with unguessable placeholders in those places,
kept with the version (caseapp.versions), and each request only swaps its own values in.
"""

import json
import secrets
import threading
from collections import OrderedDict

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import CaseVersion

# Placeholders: a 19-digit attempt id (URLs take integers) and two random words.
ATTEMPT_ID = secrets.randbits(62) | (1 << 61)
CSRF_TOKEN = f"csrfslot{secrets.token_hex(16)}"
USERNAME = f"userslot{secrets.token_hex(16)}"


class _Learner:
    """Who a page with placeholders is rendered for: any signed-in resident (or educator)."""

    is_authenticated = True

    def __init__(self, is_staff: bool):
        self.is_staff = is_staff

    def get_username(self) -> str:
        return USERNAME


class AttemptSlot:
    """Stands for the attempt while such a page renders: its content, a placeholder id."""

    pk = ATTEMPT_ID

    def __init__(self, attempt):
        self.version = attempt.version
        self.content = attempt.content
        self.preview = attempt.preview


def page(request, attempt, key: str, template: str, build_context) -> str:
    """The page for this attempt from the version's cached copy, rendered on first use with
    build_context(AttemptSlot(attempt)) and kept under key (which must name everything the
    page depends on besides the version, the attempt's id and the learner)."""
    is_staff = bool(request.user.is_staff)

    def render(content):
        context = build_context(AttemptSlot(attempt))
        context.update(user=_Learner(is_staff), csrf_token=CSRF_TOKEN, messages=())
        return render_to_string(template, context)

    html = CaseVersion.objects.derived(
        attempt.version, f"page:{template}:{key}:{is_staff}:{attempt.preview}", render
    )
    html = html.replace(f"/attempts/{ATTEMPT_ID}/", f"/attempts/{attempt.pk}/")
    if CSRF_TOKEN in html:  # a fragment without a form needs no token (nor its cookie)
        html = html.replace(CSRF_TOKEN, get_token(request))
    if USERNAME in html:
        html = html.replace(USERNAME, escape(request.user.get_username()))
    return html


# Answered questions: the markup depends on the version's question and the answer given,
# nothing else, and a class mostly gives the same few answers. Bounded: free-text answers
# are endless.
MAX_ANSWERED = 2048
_answered_lock = threading.Lock()
_answered: OrderedDict[tuple, SafeString] = OrderedDict()


def answered_question(attempt, question: dict, response, render) -> SafeString:
    """The answered question's markup, from render() the first time this answer is seen."""
    given = json.dumps(response, sort_keys=True, separators=(",", ":"))
    key = (attempt.version.pk, attempt.version.digest, question["key"], given)
    with _answered_lock:
        html = _answered.get(key)
        if html is not None:
            _answered.move_to_end(key)
            return html
    html = mark_safe(render())
    with _answered_lock:
        _answered[key] = html
        while len(_answered) > MAX_ANSWERED:
            _answered.popitem(last=False)
    return html


@receiver(setting_changed)
def _settings_changed(**kwargs):
    with _answered_lock:
        _answered.clear()
