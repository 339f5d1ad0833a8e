"""A resident signs in and walks the whole demo case in a real browser, with and without JS."""

from fractions import Fraction

import pytest

from caseapp import grading
from caseapp.demo import load_demo
from caseapp.snapshot import build_content
from caseapp.text import points
from tests.factories import make_user

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def planned_response(question: dict, right: bool) -> dict:
    """A known answer to a demo question: the key, or a wrong or partly right one."""
    data, spec = question["data"], question["spec"]
    kind = question["type"]
    if kind == "single":
        wrong = next(o["id"] for o in data["options"] if not o["correct"])
        return {"choice": spec["correct"] if right else wrong}
    if kind == "multiple":
        return {"choices": spec["correct"] if right else spec["correct"][:-1]}
    if kind == "ordering":
        order = list(spec["correct"])
        return {"order": order if right else [order[1], order[0], *order[2:]]}
    if kind == "matching":
        pairs = dict(spec["correct"])
        if not right:
            first, second = spec["premises"][:2]
            pairs[first], pairs[second] = pairs[second], pairs[first]
        return {"pairs": pairs}
    if kind == "text":
        return {"text": data["accepted"][0] if right else "gout"}
    if kind == "numeric":
        return {"value": spec["target"] if right else spec["target"] + spec["tolerance"] + 1}
    if kind == "hotspot":
        region = spec["regions"][0]
        return {"points": [[region["cx"], region["cy"]] if right else [0.03, 0.03]]}
    raise AssertionError(kind)


def answer_in_page(page, question: dict, response: dict, javascript: bool) -> None:
    section = page.locator(f"#q-{question['key']}")
    data = question["data"]
    kind = question["type"]
    if kind in ("single", "multiple"):
        chosen = [response["choice"]] if kind == "single" else response["choices"]
        for option in data["options"]:
            if option["id"] in chosen:
                section.get_by_label(option["text"], exact=True).check()
    elif kind == "ordering":
        texts = {item["id"]: item["text"] for item in data["items"]}
        for rank, item_id in enumerate(response["order"], start=1):
            section.get_by_label(texts[item_id], exact=True).select_option(str(rank))
    elif kind == "matching":
        premises = {p["id"]: p["text"] for p in data["premises"]}
        labels = {r["id"]: r["text"] for r in data["responses"]}
        for premise_id, response_id in response["pairs"].items():
            field = section.get_by_label(premises[premise_id], exact=True)
            field.select_option(label=labels[response_id])
    elif kind in ("text", "numeric"):
        value = response["text"] if kind == "text" else str(response["value"])
        section.get_by_label("Your answer").fill(value)
    elif kind == "hotspot":
        image = section.get_by_role("button", name="click to answer")
        box = image.bounding_box()
        x, y = response["points"][0]
        image.click(position={"x": x * box["width"], "y": y * box["height"]})
        if not javascript:
            page.wait_for_load_state()
            return  # without JavaScript the image is the submit button
    section.get_by_role("button", name="Submit answer").click()


def sign_in_and_open(page, live_server, case, button: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("walker")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=case.title).click()
    page.get_by_role("button", name=button).click()


def walk_demo(page, live_server, javascript: bool) -> tuple[int, Fraction]:
    make_user("walker")
    case, _ = load_demo()
    content = build_content(case)
    sign_in_and_open(page, live_server, case, "Start the case")

    earned, possible, index = Fraction(0), 0, 0
    for step in content["steps"]:
        assert (
            page.get_by_role("heading", level=1).inner_text().startswith(f"Step {step['number']}")
        )
        if javascript and step["number"] in (1, 3):
            assert axe_violations(page) == []
        for question in step["questions"]:
            response = planned_response(question, right=index % 2 == 0)
            index += 1
            earned += grading.grade(question["spec"], response).earned
            possible += question["points"]
            answer_in_page(page, question, response, javascript)
            review = page.locator(f"#q-{question['key']} .review")
            review.wait_for()
            assert question["explanation"] in review.inner_text()
        next_link = page.get_by_role(
            "link", name="See your summary" if step is content["steps"][-1] else "Next step"
        )
        next_link.click()
    return grading.percent(earned, possible), earned


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_resident_completes_the_demo_case_and_gets_the_graded_score(
    browser, live_server, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    try:
        percent, earned = walk_demo(page, live_server, javascript)
        assert blocked == []  # htmx and our scripts run under a CSP without 'unsafe-inline'
        assert page.get_by_role("heading", name="Summary").is_visible()
        score = page.locator(".score").inner_text()
        assert score.startswith(f"{percent}%")
        assert f"({points(earned)} of" in score
        assert ("Passed" in score) == (percent >= 70)
        assert page.get_by_role("heading", name="Teaching points").is_visible()
        if javascript:
            assert axe_violations(page) == []
    finally:
        context.close()


def test_closing_the_browser_and_coming_back_resumes_at_the_first_unanswered_step(
    browser, live_server
):
    make_user("walker")
    case, _ = load_demo()
    first_step = build_content(case)["steps"][0]
    context = browser.new_context()
    page = context.new_page()
    sign_in_and_open(page, live_server, case, "Start the case")
    for question in first_step["questions"]:
        answer_in_page(page, question, planned_response(question, right=True), True)
        page.locator(f"#q-{question['key']} .review").wait_for()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    try:
        sign_in_and_open(page, live_server, case, "Resume the case")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Step 2")
        page.get_by_role("link", name="1. Presentation").click()
        assert page.locator(".review").count() == len(first_step["questions"])
    finally:
        context.close()
