"""The registry of question types: what the grader grades is what authors can choose."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from caseapp import grading, questions
from tests.admin.test_authoring import elements
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_registry_holds_exactly_the_types_the_grading_spec_knows():
    # grading.QUESTION_TYPES is the spec's contract, mirrored by grader.js.
    names = [kind.name for kind in questions.TYPES]
    assert len(names) == len(set(names))
    assert set(names) == set(grading.QUESTION_TYPES) == set(grading.DEFAULT_RULES)


def test_an_unknown_type_is_refused_by_name():
    with pytest.raises(LookupError, match="sketch"):
        questions.get("sketch")


def test_the_admin_offers_every_registered_type_with_the_parts_it_uses(ed):
    step = make_case(status="draft").steps.first()
    response = ed.get(reverse("admin:caseapp_question_add") + f"?step={step.pk}")
    (select,) = elements(response, "select", name="type")
    page = response.content.decode().split('name="type"')[1].split("</select>")[0]
    offered = dict(re.findall(r'<option value="([a-z]+)"[^>]*>([^<]*)</option>', page))
    assert offered == {kind.name: kind.label for kind in questions.TYPES}
    parts = json.loads(select["data-type-parts"])
    assert parts["matching"] == {"parts": ["options", "type-matching"], "columns": ["match"]}
    assert parts["numeric"] == {"parts": ["type-numeric", "type-feedback"], "columns": []}
    assert set(parts) == set(offered)


def test_question_types_as_the_registry_lists_them_need_no_new_migration():
    # Question.type's choices come from the registry: a renamed, reordered or added type
    # needs its migration, or this fails.
    call_command("makemigrations", "caseapp", "--check", "--dry-run", verbosity=0)
