"""An educator writes a question in the admin: the form shows what the chosen type uses."""

import pytest

from caseapp.accounts import educator_group
from caseapp.models import Question
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


def test_a_refused_hotspot_question_comes_back_ready_to_draw(educator_page, live_server):
    page = educator_page
    step = make_case(status="draft").steps.first()
    image = step.images.get()
    page.goto(f"{live_server.url}/admin/caseapp/question/add/?step={step.pk}")
    page.get_by_label("Type").select_option("hotspot")
    assert page.get_by_text("Choose the image above to draw on it.").is_visible()
    page.get_by_label("Stem").fill("Click the bright oval.")
    page.get_by_label("Image").select_option(str(image.pk))
    drawing = page.get_by_role("group", name="Drawing area for target regions")
    assert drawing.is_visible()
    page.get_by_role("button", name="Save", exact=True).click()

    assert "Draw at least one target region" in page.locator(".errorlist").inner_text()
    assert page.get_by_label("Image").input_value() == str(image.pk)
    assert not page.get_by_role("heading", name="Options", exact=False).is_visible()
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.4, steps=5)
    page.mouse.up()
    page.get_by_role("button", name="Save", exact=True).click()

    # Opened from the step's "Add a question" link: Save goes back to the step.
    assert page.url.endswith(f"/admin/caseapp/step/{step.pk}/change/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    (region,) = Question.objects.get(stem="Click the bright oval.").regions
    assert region["shape"] == "rect" and region["w"] == pytest.approx(0.3, abs=0.02)
