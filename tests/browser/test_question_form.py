"""An educator writes a question in the admin: the form shows what the chosen type uses."""

import pytest

from caseapp.accounts import educator_group
from tests.factories import make_case, make_user

from .conftest import axe_violations
from .test_authoring import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def educator_page(browser, live_server):
    teacher = make_user("teacher", is_staff=True)
    teacher.groups.add(educator_group())
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, f"{live_server.url}/admin/login/?next=/admin/", "teacher")
    yield page
    assert not errors, errors
    context.close()


def admin_axe_violations(page) -> list:
    """axe's violations, but for the empty corner cell that Django's tabular inline draws."""
    django_corner = {"id": "empty-table-header", "nodes": ['<th class="original"></th>']}
    return [v for v in axe_violations(page) if {k: v[k] for k in django_corner} != django_corner]


def option_column(page, name: str):
    return page.locator("#options-group thead th", has_text=name)


def test_the_question_form_shows_the_parts_of_the_chosen_type_only(educator_page, live_server):
    page = educator_page
    step = make_case(status="draft").steps.first()
    page.goto(f"{live_server.url}/admin/caseapp/question/add/?step={step.pk}")
    hotspot = page.get_by_role("heading", name="Hotspot", exact=True)
    options = page.get_by_role("heading", name="Options", exact=False)
    assert page.get_by_label("Stem").is_visible()
    assert not hotspot.is_visible() and not options.is_visible()
    assert not page.get_by_label("Target").is_visible()

    page.get_by_label("Type").select_option("single")
    assert options.is_visible() and not hotspot.is_visible()
    assert option_column(page, "Correct").is_visible()
    assert not option_column(page, "Match").is_visible()
    page.get_by_role("textbox", name="Text, row 1").fill("Night pain")  # no row to add first
    assert admin_axe_violations(page) == []

    page.get_by_label("Type").select_option("matching")
    assert option_column(page, "Match").is_visible()
    assert not option_column(page, "Correct").is_visible()
    assert page.get_by_label("Distractors").is_visible()

    page.get_by_label("Type").select_option("ordering")
    assert not option_column(page, "Match").is_visible()
    assert not option_column(page, "Correct").is_visible()

    page.get_by_label("Type").select_option("numeric")
    assert page.get_by_label("Target").is_visible()
    assert not options.is_visible() and not hotspot.is_visible()

    # Nothing runs past a 1,280 px window, the Rule dropdown and the option table included.
    form = page.locator("#content-main").bounding_box()
    rule = page.get_by_label("Rule").bounding_box()
    assert rule["x"] + rule["width"] <= form["x"] + form["width"]
    page.get_by_label("Type").select_option("matching")
    table = page.locator("#options-group table").bounding_box()
    assert table["x"] + table["width"] <= form["x"] + form["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    rules = page.locator(".rule-help li")
    assert rules.filter(visible=True).all_inner_texts()[1].startswith("Per pair, for matching")
