"""The learner pages on a phone (390 px wide) and on a desktop: nothing a resident reads is cut
off, and no control sits flush against the next.

Set CASEAPP_SCREENSHOTS to a folder to keep screenshots of what is checked.
"""

import os
import re
from pathlib import Path

import pytest

from caseapp.demo import load_demo
from caseapp.snapshot import build_content
from tests.factories import make_user

from .conftest import axe_violations
from .test_scorm_player import export, lms  # noqa: F401 (the fixture)
from .test_walkthrough import answer_in_page, planned_response, sign_in_and_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A review cell narrower than this holds two or three words a line: squashed.
MIN_CELL = 128
SHOTS = os.environ.get("CASEAPP_SCREENSHOTS")


def shoot(target, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


# Where an element lies against the viewport and its scroll container, if it has one.
GEOMETRY = """el => {
    const scroller = el.closest(".table-scroll") || document.documentElement;
    const limit = Math.min(document.documentElement.clientWidth,
                           scroller.getBoundingClientRect().left + scroller.clientWidth);
    // Cells hidden from the eye (a header row kept for screen readers) are not read.
    const cells = [...el.querySelectorAll("th, td")]
        .filter(c => c.getBoundingClientRect().width > 1);
    return {
        pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        hiddenOverflow: scroller.scrollWidth - scroller.clientWidth,
        right: el.getBoundingClientRect().right,
        limit: limit,
        cells: cells.map(c => ({text: c.innerText.slice(0, 40),
                                width: c.getBoundingClientRect().width,
                                right: c.getBoundingClientRect().right,
                                cut: c.scrollWidth - c.clientWidth})),
    };
}"""


def assert_lab_table_readable(page) -> None:
    table = page.get_by_role("table", name=re.compile("^Laboratory results"))
    geometry = table.evaluate(GEOMETRY)
    assert geometry["pageOverflow"] <= 0, geometry
    # The whole table shows: nothing is left to find by scrolling sideways.
    assert geometry["hiddenOverflow"] <= 0, geometry
    flag = table.get_by_role("columnheader", name="Flag")
    flag_cells = [flag, table.get_by_role("cell", name="High").first]
    for cell in flag_cells:
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= geometry["limit"] + 0.5, (box, geometry)
        assert cell.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert all(c["cut"] <= 0 for c in geometry["cells"]), geometry


def choose_matches(section, question: dict, response: dict) -> list:
    premises = {p["id"]: p["text"] for p in question["data"]["premises"]}
    labels = {r["id"]: r["text"] for r in question["data"]["responses"]}
    fields = []
    for premise_id, response_id in response["pairs"].items():
        field = section.get_by_label(premises[premise_id], exact=True)
        field.select_option(label=labels[response_id])
        fields.append((field, labels[response_id]))
    return fields


def assert_selects_show_their_choice(fields) -> None:
    for field, chosen in fields:
        size = field.evaluate(
            """s => ({text: s.selectedOptions[0].text, right: s.getBoundingClientRect().right,
                      viewport: document.documentElement.clientWidth,
                      wide: s.scrollWidth - s.clientWidth,
                      tall: s.scrollHeight - s.clientHeight})"""
        )
        assert size["text"] == chosen
        # The chosen text fits in the box: nothing of it is cut on either side or below.
        assert size["wide"] <= 0 and size["tall"] <= 0, size
        assert size["right"] <= size["viewport"], size


def assert_review_table_readable(review) -> None:
    table = review.get_by_role("table")
    assert table.get_by_role("columnheader", name="Correct match").count() == 1
    geometry = table.evaluate(GEOMETRY)
    assert geometry["pageOverflow"] <= 0, geometry
    assert geometry["hiddenOverflow"] <= 0, geometry
    for cell in geometry["cells"]:
        if not cell["text"]:
            continue
        assert cell["width"] >= MIN_CELL, (cell, geometry)
        assert cell["right"] <= geometry["limit"] + 0.5, (cell, geometry)


def assert_apart(first, second, at_least: float = 10) -> None:
    """The two controls do not touch: on one line a clear gap, stacked a clear gap too."""
    a = first.bounding_box()
    rects = second.evaluate(
        "el => [...el.getClientRects()].map(r => ({x: r.x, y: r.y, w: r.width, h: r.height}))"
    )
    for r in rects:
        beside = r["y"] < a["y"] + a["height"] and a["y"] < r["y"] + r["h"]
        if beside:
            gap = max(r["x"] - (a["x"] + a["width"]), a["x"] - (r["x"] + r["w"]))
        else:
            gap = max(r["y"] - (a["y"] + a["height"]), a["y"] - (r["y"] + r["h"]))
        assert gap >= at_least, (a, r)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_labs_matching_and_summary_read_whole_on_a_phone_and_a_desktop(
    browser, live_server, viewport
):
    make_user("walker")
    case, _ = load_demo()
    content = build_content(case)
    width = viewport["width"]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        sign_in_and_open(page, live_server, case, "Start the case")
        for step in content["steps"]:
            heading = page.get_by_role("heading", level=1)
            assert heading.inner_text().startswith(f"Step {step['number']}")
            if step["labs"]:
                assert_lab_table_readable(page)
                shoot(page.get_by_role("table", name=re.compile("^Laboratory")), f"{width}-labs")
            for question in step["questions"]:
                response = planned_response(question, right=False)
                section = page.locator(f"#q-{question['key']}")
                if question["type"] != "matching":
                    answer_in_page(page, question, response, javascript=True)
                    section.locator(".review").wait_for()
                    continue
                fields = choose_matches(section, question, response)
                assert_selects_show_their_choice(fields)
                shoot(section, f"{width}-matching-chosen")
                if width == PHONE["width"]:
                    assert axe_violations(page) == []
                section.get_by_role("button", name="Submit answer").click()
                review = section.locator(".review")
                review.wait_for()
                assert_review_table_readable(review)
                shoot(section, f"{width}-matching-review")
                if width == PHONE["width"]:
                    assert axe_violations(page) == []
            last = step is content["steps"][-1]
            page.get_by_role("link", name="See your summary" if last else "Next step").click()

        assert page.get_by_role("heading", name="Summary").is_visible()
        fresh = page.get_by_role("button", name="Start a fresh attempt")
        assert_apart(fresh, page.get_by_role("link", name="Back to all cases"))
        fresh.scroll_into_view_if_needed()
        shoot(page, f"{width}-summary-end")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    finally:
        context.close()


def test_the_scorm_player_reads_whole_on_a_phone(browser, lms):  # noqa: F811
    folder, base = lms
    content = export("2004", folder)
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{base}/pkg2004/index.html")
        page.get_by_role("button", name="Start the case").click()
        for step in content["steps"]:
            screen = page.locator(f'[data-screen="{step["number"]}"]')
            if step["labs"]:
                assert_lab_table_readable(screen)
                shoot(screen.get_by_role("table"), "390-player-labs")
            for question in step["questions"]:
                response = planned_response(question, right=False)
                section = page.locator(f"#q-{question['key']}")
                if question["type"] == "matching":
                    fields = choose_matches(section, question, response)
                    assert_selects_show_their_choice(fields)
                    section.get_by_role("button", name="Submit answer").click()
                    section.locator(".review").wait_for()
                    assert_review_table_readable(section.locator(".review"))
                    shoot(section, "390-player-matching-review")
                else:
                    answer_in_page(page, question, response, javascript=True)
                    section.locator(".review").wait_for()
            if step["labs"] or any(q["type"] == "matching" for q in step["questions"]):
                assert axe_violations(page) == []
            last = step is content["steps"][-1]
            screen.get_by_role("button", name="See your summary" if last else "Next step").click()
        assert page.get_by_role("heading", name="Summary").is_visible()
    finally:
        page.close()
