"""Migrations carry existing data forward."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def back_to_the_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # whatever the test did


def migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_answer_counts_are_filled_in_for_attempts_taken_before_they_were_kept():
    apps = migrate([("caseapp", "0001_initial")])
    User = apps.get_model("auth", "User")
    Case = apps.get_model("caseapp", "Case")
    CaseVersion = apps.get_model("caseapp", "CaseVersion")
    Attempt = apps.get_model("caseapp", "Attempt")
    Answer = apps.get_model("caseapp", "Answer")
    learner = User.objects.create(username="before")
    case = Case.objects.create(title="Old case", slug="old-case")
    version = CaseVersion.objects.create(case=case, number=1, content={}, digest="d")
    answered = Attempt.objects.create(learner=learner, case=case, version=version)
    untouched = Attempt.objects.create(learner=learner, case=case, version=version, preview=True)
    for key in ("q1", "q2", "q3"):
        Answer.objects.create(
            attempt=answered, question_key=key, response={}, earned="1", correct=True
        )
    apps = migrate([("caseapp", "0002_attempt_answer_count")])
    counts = dict(apps.get_model("caseapp", "Attempt").objects.values_list("pk", "answer_count"))
    assert counts == {answered.pk: 3, untouched.pk: 0}
