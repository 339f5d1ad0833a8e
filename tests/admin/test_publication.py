"""Publishing from the admin, and what the case's page says about the published version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseapp.models import Case
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
