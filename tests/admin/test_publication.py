"""Publishing from the admin, and what the case's page says about the published version."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from caseapp.models import Case, CaseVersion
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def run_queries(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def reads_of(table: str, sqls: list[str]) -> int:
    return sum(sql.startswith("SELECT") and f'FROM "{table}"' in sql for sql in sqls)


def test_publishing_reads_the_case_once_whatever_its_size(ed):
    small, large = make_case(steps=2, status="draft"), make_case(steps=12, status="draft")

    def publish(case):
        response = ed.post(reverse("admin:caseapp_case_publish", args=[case.pk]))
        assert response.status_code == 302

    small_sqls, large_sqls = (run_queries(lambda c=c: publish(c)) for c in (small, large))
    assert len(small_sqls) == len(large_sqls)
    # The case's content is built once: its steps and their questions' options read once.
    assert reads_of("caseapp_step", large_sqls) == 1
    assert reads_of("caseapp_option", large_sqls) == 1
    for case in (small, large):
        case.refresh_from_db()
        assert case.status == Case.Status.PUBLISHED and case.published_version.number == 1


def test_the_case_page_names_the_published_version_without_rebuilding_the_case(ed):
    small, large = make_case(steps=2), make_case(steps=20)
    frozen = datetime.datetime(2026, 11, 26, 14, 5, tzinfo=datetime.UTC)
    CaseVersion.objects.filter(case=large).update(created_at=frozen)

    def page(case):
        response = ed.get(reverse("admin:caseapp_case_change", args=[case.pk]))
        assert response.status_code == 200
        return response

    small_sqls, large_sqls = (run_queries(lambda c=c: page(c)) for c in (small, large))
    assert len(small_sqls) == len(large_sqls)
    assert reads_of("caseapp_question", large_sqls) == reads_of("caseapp_option", large_sqls) == 0
    text = " ".join(strip_tags(page(large).content.decode()).split())
    assert "Residents take version 1, frozen on Nov. 26, 2026, 2:05 p.m.;" in text
    assert "p.m.." not in text  # a date ending in "p.m." takes no second full stop


def test_the_case_page_says_when_the_published_version_is_hidden(ed):
    case = make_case(steps=1)
    case.publish()  # unchanged: the same version
    response = ed.post(
        reverse("admin:caseapp_case_changelist"),
        {"action": "unpublish_selected", "_selected_action": [case.pk]},
        follow=True,
    )
    assert "1 case(s) hidden from residents." in response.content.decode()
    text = strip_tags(ed.get(reverse("admin:caseapp_case_change", args=[case.pk])).content.decode())
    assert "Hidden from residents; version 1, frozen on" in " ".join(text.split())
