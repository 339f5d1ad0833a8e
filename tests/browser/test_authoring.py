"""An educator builds a case in the admin in a real browser; a resident then takes it."""

import pytest
from PIL import Image, ImageDraw

from caseapp import grading
from caseapp.accounts import educator_group
from caseapp.models import Attempt, Case, Question
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scan(tmp_path) -> str:
    image = Image.new("RGB", (600, 400), (10, 10, 10))
    ImageDraw.Draw(image).ellipse((120, 80, 260, 180), fill=(240, 240, 240))
    path = tmp_path / "scan.png"
    image.save(path)
    return str(path)


def sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").or_(
        page.get_by_role("button", name="Sign in")
    ).click()


def answer_the_case(page, hotspot_at: float) -> None:
    """Step 1: the single best answer's key; step 2: a click at (hotspot_at, hotspot_at)."""
    page.get_by_label("Night pain").check()
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".review").wait_for()
    page.get_by_role("link", name="Next step").click()
    target = page.get_by_role("button", name="click to answer")
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    target.click(position={"x": box["width"] * hotspot_at, "y": box["height"] * hotspot_at})
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".review").wait_for()
    page.get_by_role("link", name="See your summary").click()


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()


def test_educator_creates_previews_and_publishes_a_case_that_a_resident_completes(
    browser, live_server, tmp_path
):
    teacher = make_user("teacher", is_staff=True)
    teacher.groups.add(educator_group())
    make_user("learner")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The case, with two steps in timeline order.
    sign_in(page, f"{live_server.url}/admin/login/?next=/admin/caseapp/case/add/", "teacher")
    page.get_by_label("Title:", exact=True).fill("Back pain in a runner")
    page.get_by_label("Summary").fill("A runner with back pain.")
    page.get_by_label("Pass mark").fill("50")
    add_step = page.get_by_role("button", name="Add another Step").or_(
        page.get_by_role("link", name="Add another Step")
    )
    add_step.click()
    add_step.click()
    page.locator('select[name="steps-0-kind"]').select_option("presentation")
    page.locator('input[name="steps-0-title"]').fill("In clinic")
    page.locator('select[name="steps-1-kind"]').select_option("imaging")
    page.locator('input[name="steps-1-title"]').fill("The MRI")
    save_and_continue(page)
    case = Case.objects.get(title="Back pain in a runner")
    first, second = case.steps.all()

    # Step 1: a single-best-answer question.
    page.goto(f"{live_server.url}/admin/caseapp/question/add/?step={first.pk}")
    page.get_by_label("Type").select_option("single")
    page.get_by_label("Stem").fill("Which finding matters most?")
    for i, (text, correct) in enumerate([("Night pain", True), ("Stiffness", False)]):
        page.locator(f'textarea[name="options-{i}-text"]').fill(text)
        page.locator(f'textarea[name="options-{i}-feedback"]').fill(f"Because {text}.")
        if correct:
            page.locator(f'input[name="options-{i}-correct"]').check()
    save_and_continue(page)

    # Step 2: upload an image, then a hotspot question with its region drawn by mouse.
    page.goto(f"{live_server.url}/admin/caseapp/step/{second.pk}/change/")
    page.get_by_role("link", name="Add another Step image").or_(
        page.get_by_role("button", name="Add another Step image")
    ).click()
    page.locator('input[name="images-0-image"]').set_input_files(scan(tmp_path))
    page.locator('input[name="images-0-alt_text"]').fill("Sagittal MRI of the lumbar spine.")
    save_and_continue(page)
    image = second.images.get()
    assert image.renditions  # made by the pipeline

    page.goto(f"{live_server.url}/admin/caseapp/question/add/?step={second.pk}")
    page.get_by_label("Type").select_option("hotspot")
    page.get_by_label("Stem").fill("Click the lesion.")
    page.get_by_label("Image").select_option(str(image.pk))
    stage = page.locator(".shape-editor-image")
    stage.scroll_into_view_if_needed()
    box = stage.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    assert page.locator(".shape-editor-overlay [data-index]").count() == 1
    page.get_by_label("Feedback correct").fill("Yes, that is the lesion.")
    page.get_by_label("Feedback incorrect").fill("The lesion is the bright oval.")
    save_and_continue(page)
    hotspot = Question.objects.get(type="hotspot")
    (region,) = hotspot.regions
    assert region["shape"] == "rect"
    assert region["x"] == pytest.approx(0.15, abs=0.02)
    assert region["w"] == pytest.approx(0.35, abs=0.02)

    # Preview as a learner, then publish.
    page.goto(f"{live_server.url}/admin/caseapp/case/{case.pk}/change/")
    page.get_by_label("Summary").fill("A runner with back pain at night.")
    page.get_by_role("button", name="Save and preview as a learner").click()
    assert page.get_by_text("Preview attempts never count").is_visible()
    answer_the_case(page, hotspot_at=0.3)
    assert page.locator(".score").inner_text().startswith("100%")
    page.goto(f"{live_server.url}/admin/caseapp/case/{case.pk}/change/")
    page.get_by_role("button", name="Save and publish").click()
    assert "is published as version" in page.locator(".messagelist").inner_text()
    assert not errors, errors
    assert Case.objects.get(pk=case.pk).summary == "A runner with back pain at night."
    context.close()

    # A resident takes the published case: the key on step 1, a miss on step 2.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, f"{live_server.url}/accounts/login/", "learner")
    page.get_by_role("link", name="Back pain in a runner").click()
    page.get_by_role("button", name="Start the case").click()
    answer_the_case(page, hotspot_at=0.9)
    step = Attempt.objects.get(preview=False).version.content["steps"][1]
    hotspot_spec = step["questions"][0]["spec"]
    missed = grading.grade(hotspot_spec, {"points": [[0.9, 0.9]]}).earned
    expected = grading.percent(1 + missed, 2)
    assert page.locator(".score").inner_text().startswith(f"{expected}%")
    assert expected == 50
    context.close()
