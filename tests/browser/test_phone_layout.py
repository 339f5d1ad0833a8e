"""The learner pages on a phone (390 px wide) and on a desktop: nothing a resident reads is cut
off, and no control sits flush against the next.

Set CASEAPP_SCREENSHOTS to a folder to keep screenshots of what is checked.
"""

import os
from pathlib import Path

import pytest

from caseapp.demo import load_demo
from caseapp.snapshot import build_content
from tests.factories import make_user

from .test_walkthrough import answer_in_page, planned_response, sign_in_and_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("CASEAPP_SCREENSHOTS")


def shoot(target, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


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
def test_the_summary_keeps_its_button_and_its_way_back_apart(browser, live_server, viewport):
    make_user("walker")
    case, _ = load_demo()
    content = build_content(case)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        sign_in_and_open(page, live_server, case, "Start the case")
        for step in content["steps"]:
            for question in step["questions"]:
                answer_in_page(page, question, planned_response(question, right=False), True)
                page.locator(f"#q-{question['key']} .review").wait_for()
            last = step is content["steps"][-1]
            page.get_by_role("link", name="See your summary" if last else "Next step").click()

        assert page.get_by_role("heading", name="Summary").is_visible()
        fresh = page.get_by_role("button", name="Start a fresh attempt")
        assert_apart(fresh, page.get_by_role("link", name="Back to all cases"))
        fresh.scroll_into_view_if_needed()
        shoot(page, f"{viewport['width']}-summary-end")
    finally:
        context.close()
