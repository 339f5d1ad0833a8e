"""Queries compiled once give what the ORM gives, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.db import connection

from caseapp.attempts import _OWN_ATTEMPT, load_own_attempt, record_answer, start_attempt
from caseapp.models import Attempt
from caseapp.speed.prepared import Prepared
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_rows_equal_the_orms_for_every_type_of_value(case):
    learner = make_user("prep")
    attempt = start_attempt(learner=learner, case=case)
    question = case.steps.first().questions.first()
    record_answer(attempt=attempt, question_key=str(question.pk), response={"choice": "b"})

    def build(attempt_id):
        return Attempt.objects.filter(pk=attempt_id).values_list(
            "pk", "started_at", "preview", "answers__response", "answers__correct"
        )

    prepared = Prepared(build, ["attempt_id"])
    assert prepared.rows(attempt_id=attempt.pk) == list(build(attempt.pk))
    assert prepared.rows(attempt_id=attempt.pk)[0][3] == {"choice": "b"}  # JSON decoded
    assert prepared.rows(attempt_id=attempt.pk + 1000) == []


def test_a_parameter_that_does_not_reach_the_sql_is_refused():
    prepared = Prepared(lambda attempt_id: Attempt.objects.filter(pk__gt=0), ["attempt_id"])
    with pytest.raises(ValueError, match="attempt_id"):
        prepared.rows(attempt_id=1)


def test_the_attempt_loads_only_for_its_own_learner(case):
    owner, other = make_user("owner"), make_user("someone")
    attempt = start_attempt(learner=owner, case=case)
    loaded, answers = load_own_attempt(learner=owner, attempt_id=attempt.pk)
    assert (loaded.pk, loaded.version_id, loaded.started_at) == (
        attempt.pk,
        attempt.version_id,
        attempt.started_at,
    )
    assert answers == {} and loaded.content == attempt.version.content
    assert load_own_attempt(learner=other, attempt_id=attempt.pk) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_postgresql_plans_the_attempt_query_once_per_connection(case):
    learner = make_user("repeat")
    attempt = start_attempt(learner=learner, case=case)
    for _ in range(12):  # the same learner page, requested again and again
        load_own_attempt(learner=learner, attempt_id=attempt.pk)
    sql = _OWN_ATTEMPT._compiled(connection.alias)[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        plans = [
            (generic, custom)
            for statement, generic, custom in cursor.fetchall()
            if re.sub(r"\$\d+", "%s", statement) == sql
        ]
    # Prepared from its 5th run or so, then one plan for every later run: no planning per
    # request (PostgreSQL's default would plan it afresh on each run).
    assert len(plans) == 1 and plans[0][0] >= 6 and plans[0][1] == 0
