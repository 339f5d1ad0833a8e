"""The CaseVersion manager: versions decoded once per process, never confused with another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caseapp.models import CaseVersion, cases
from caseapp.publishing import publish
from caseapp.snapshot import current_version

pytestmark = pytest.mark.django_db


def light(version: CaseVersion) -> CaseVersion:
    return CaseVersion.objects.only("pk", "digest").get(pk=version.pk)


def test_content_is_read_from_the_database_once(case):
    CaseVersion.objects.clear_cache()
    version = light(case.published_version)
    with CaptureQueriesContext(connection) as first:
        assert CaseVersion.objects.content(version) == case.published_version.content
    with CaptureQueriesContext(connection) as again:
        CaseVersion.objects.content(light(case.published_version))
    assert len(first) == 1 and len(again) == 1  # the second is light()'s own query


def test_a_new_version_gets_its_own_content_and_derived_values(case):
    before = light(case.published_version)
    old_title = CaseVersion.objects.derived(
        before, "title", lambda content: content["case"]["title"]
    )
    case.title = "A retitled case"
    case.save()
    publish(case)
    after = light(current_version(case))
    assert after.pk != before.pk
    assert CaseVersion.objects.derived(
        after, "title", lambda content: content["case"]["title"]
    ) == ("A retitled case")
    assert CaseVersion.objects.derived(before, "title", lambda content: "rebuilt") == old_title


def test_the_same_id_with_another_digest_is_another_version(case):
    # A test database rolled back reuses ids: the digest keeps their content apart.
    version = light(case.published_version)
    assert CaseVersion.objects.derived(version, "title", lambda content: content["case"]["title"])
    reused = CaseVersion.from_db("default", ["id", "digest"], [version.pk, "0" * 64])
    assert (
        CaseVersion.objects.derived(reused, "title", lambda content: "built afresh")
        == "built afresh"
    )


def test_memory_is_bounded(case, monkeypatch):
    monkeypatch.setattr(CaseVersion.objects, "max_cached", 2)
    CaseVersion.objects.clear_cache()
    for n in range(4):
        case.title = f"Title {n}"
        case.save()
        CaseVersion.objects.content(light(current_version(case)))
    assert len(cases.VERSION_CACHE) == 2
