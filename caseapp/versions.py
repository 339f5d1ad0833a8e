"""Frozen case versions, decoded once per worker process.

A version never changes once frozen, so its content, and what pages derive from it, can be
kept in memory: pages read the version's id and digest (a few bytes) instead of its whole
JSON content (tens of kilobytes, every step of the case) on every request. The cache is
keyed by id *and* digest, so a reused id (a test database rolled back) never serves stale
content, and it is bounded, so a worker's memory stays flat however many versions exist.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver

from .models import CaseVersion

MAX_VERSIONS = 32  # a few hundred kilobytes each, decoded

_lock = threading.Lock()
_entries: OrderedDict[tuple[int, str], dict] = OrderedDict()


def _entry(version: CaseVersion) -> dict:
    key = (version.pk, version.digest)
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
            return entry
    if "content" in version.__dict__:  # loaded with the row
        content = version.content
    else:
        content = CaseVersion.objects.values_list("content", flat=True).get(pk=version.pk)
    entry = {"content": content}
    with _lock:
        entry = _entries.setdefault(key, entry)
        _entries.move_to_end(key)
        while len(_entries) > MAX_VERSIONS:
            _entries.popitem(last=False)
    return entry


def content(version: CaseVersion) -> dict:
    """The version's content. Read-only: it is shared by every request of this process."""
    return _entry(version)["content"]


def derived(version: CaseVersion, name: str, build: Callable[[dict], object]):
    """Something computed from the version's content once, kept as long as the content is
    (rendered markup, image URLs): build(content) runs at most once per version and name."""
    entry = _entry(version)
    try:
        return entry[name]
    except KeyError:
        value = build(entry["content"])
        with _lock:
            return entry.setdefault(name, value)


def clear() -> None:
    with _lock:
        _entries.clear()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    # Derived markup holds URLs built from settings (static and media storage).
    clear()
