"""Exported SCORM packages run in a real SCORM runtime (scorm-again) in headless Chromium."""

import functools
import http.server
import shutil
import threading
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import call_command

from caseapp import grading
from caseapp.demo import load_demo
from caseapp.text import points

from .conftest import axe_violations
from .test_walkthrough import answer_in_page, planned_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm-again.js"></script></head>
<body><iframe id="sco" title="Course" style="width:1200px;height:2000px"></iframe></body></html>"""


@pytest.fixture
def lms(tmp_path):
    """A folder served on loopback: the runtime, a host page, and the unzipped packages."""
    (tmp_path / "host.html").write_text(HOST)
    shutil.copy(RUNTIME, tmp_path / "scorm-again.js")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def export(version: str, folder: Path, case=None) -> dict:
    """Export the case (the demo by default) and unzip it where the host page loads it."""
    if case is None:
        case, _ = load_demo()
    package = folder / f"scorm{version}.zip"
    call_command("export_scorm", case.slug, "--version", version, "--output", str(package))
    target = folder / f"pkg{version}"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(target)
    case.refresh_from_db()
    return case.published_version.content


def launch(page, base: str, version: str, saved: dict | None = None):
    page.goto(f"{base}/host.html")
    page.evaluate(
        """([version, saved]) => {
            const settings = {autocommit: false, logLevel: 5};
            const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
            if (saved) api.loadFromJSON(saved);
            window[version === "1.2" ? "API" : "API_1484_11"] = api;
            document.getElementById("sco").src = `pkg${version}/index.html`;
        }""",
        [version, saved],
    )
    frame = page.frame_locator("#sco")
    # The player has restored the learner's answers and listens for submissions.
    frame.locator("html[data-player-ready]").wait_for(state="attached")
    return frame


def leave(page) -> None:
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_timeout(200)


def cmi(page, version: str) -> dict:
    name = "API" if version == "1.2" else "API_1484_11"
    return page.evaluate(f"JSON.parse(JSON.stringify(window.{name}.cmi))")


def walk(frame, content: dict, steps: int | None = None) -> tuple[int, Fraction, dict]:
    frame.get_by_role("button", name="Start the case").click()
    earned, possible, index, results = Fraction(0), 0, 0, {}
    for step in content["steps"][:steps]:
        # The way on stays closed until the step is answered.
        assert frame.get_by_role("button", name="Next step").count() == 0
        for question in step["questions"]:
            response = planned_response(question, right=index % 2 == 0)
            index += 1
            result = grading.grade(question["spec"], response)
            earned += result.earned
            possible += question["points"]
            results[question["key"]] = result
            screen = frame.locator(f'[data-screen="{step["number"]}"]')
            arrows = screen.locator("svg.overlay[data-after-step]")
            assert all(not arrow.is_visible() for arrow in arrows.all())
            answer_in_page(frame, question, response, javascript=True)
            frame.locator(f"#q-{question['key']} .review").wait_for()
        # Annotations show once the step is answered.
        assert all(arrow.is_visible() for arrow in arrows.all())
        last = step is content["steps"][-1]
        if steps is None or step["number"] < steps:
            frame.get_by_role("button", name="See your summary" if last else "Next step").click()
    total = sum(q["points"] for s in content["steps"] for q in s["questions"])
    return grading.percent(earned, total), earned, results


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_package_runs_in_a_scorm_runtime_and_reports_what_grading_py_gives(browser, lms, version):
    folder, base = lms
    content = export(version, folder)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        frame = launch(page, base, version)
        percent, earned, results = walk(frame, content)
        from caseapp.questions.hotspot import ONE_CLICK_RULE

        assert ONE_CLICK_RULE in frame.locator("#summary-answers").inner_text()
        score = frame.locator("#summary-score").inner_text()
        assert score.startswith(f"{percent}%") and f"({points(earned)} of" in score
        leave(page)
        data = cmi(page, version)
    finally:
        page.close()
    assert not errors, errors
    passed = percent >= content["case"]["pass_mark"]
    interactions = data["interactions"]
    records = [interactions[str(i)] for i in range(len(results))]
    assert len(records) == len(results) == sum(len(s["questions"]) for s in content["steps"])
    if version == "1.2":
        core = data["core"]
        assert core["lesson_status"] == ("passed" if passed else "failed")
        assert float(core["score"]["raw"]) == percent
        assert (core["score"]["min"], core["score"]["max"]) == ("0", "100")
        assert core["session_time"] not in ("", "00:00:00")
        wrong = "wrong"
    else:
        assert data["completion_status"] == "completed"
        assert data["success_status"] == ("passed" if passed else "failed")
        assert float(data["score"]["raw"]) == percent
        assert float(data["score"]["scaled"]) == pytest.approx(percent / 100)
        assert data["session_time"].startswith("PT")
        wrong = "incorrect"
    for record, (key, result) in zip(records, results.items(), strict=True):
        assert record["id"] == f"q{key}"
        expected = "correct" if result.correct else wrong
        if result.partial:
            expected = f"{result.earned / result.points:.4f}"
        assert record["result"] == expected, record
        response = record["student_response" if version == "1.2" else "learner_response"]
        assert response, record
        assert record["latency"] and record["time" if version == "1.2" else "timestamp"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_second_launch_resumes_where_the_learner_left(browser, lms, version):
    folder, base = lms
    content = export(version, folder)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        frame = launch(page, base, version)
        walk(frame, content, steps=2)
        frame.get_by_role("button", name="Next step").last.click()
        leave(page)
        data = cmi(page, version)
        if version == "1.2":
            assert data["core"]["lesson_status"] == "incomplete"
            assert data["core"]["exit"] == "suspend"
            saved = {
                "suspend_data": data["suspend_data"],
                "core": {"lesson_location": data["core"]["lesson_location"], "entry": "resume"},
            }
        else:
            assert data["completion_status"] == "incomplete" and data["exit"] == "suspend"
            saved = {
                "suspend_data": data["suspend_data"],
                "location": data["location"],
                "entry": "resume",
            }
        assert len(saved["suspend_data"]) < 4096
        frame = launch(page, base, version, saved)
        heading = frame.get_by_role("heading", level=1).filter(visible=True)
        assert heading.inner_text().startswith("Step 3")
        frame.get_by_role("button", name="1. Presentation").click()
        answered = len(content["steps"][0]["questions"])
        assert frame.locator('[data-screen="1"] .review').count() == answered
    finally:
        page.close()


def sixty_question_case():
    from caseapp.models import Case, Question, Step
    from caseapp.publishing import publish

    case = Case.objects.create(title="Sixty questions", slug="sixty", summary="Many.", pass_mark=50)
    kinds = ["presentation", "imaging", "laboratory", "diagnosis", "management", "follow_up"]
    for position, kind in enumerate(kinds):
        step = Step.objects.create(case=case, position=position, kind=kind, title=kind)
        for n in range(10):
            Question.objects.create(
                step=step,
                position=n,
                type="text",
                stem=f"Name {position}.{n}?",
                accepted_answers="right answer",
            )
    publish(case)
    return case


def test_suspend_data_of_sixty_long_answers_fits_scorm_12_and_resumes(browser, lms):
    folder, base = lms
    export("1.2", folder, sixty_question_case())
    long_answer = "é" * 40 + "~;|" + "ß" * 457  # 500 characters that escape to many more
    page = browser.new_page()
    try:
        launch(page, base, "1.2")
        page.frames[1].evaluate(
            """(wrong) => {
                document.querySelectorAll("form[data-question]").forEach((form, i) => {
                    form.querySelector("input[name=text]").value = i % 2 ? wrong : "Right Answer";
                    form.requestSubmit();
                });
            }""",
            long_answer,
        )
        leave(page)
        data = cmi(page, "1.2")
        assert len(data["suspend_data"]) <= 4096
        assert float(data["core"]["score"]["raw"]) == 50
        assert data["core"]["lesson_status"] == "passed"
        saved = {"suspend_data": data["suspend_data"], "core": {"lesson_location": "summary"}}
        frame = launch(page, base, "1.2", saved)
        assert frame.locator("#summary-score").inner_text().startswith("50%")
        assert frame.locator("article.step .review").count() == 60
        assert frame.locator("#summary-answers .review").count() == 60
    finally:
        page.close()


def test_package_works_as_a_plain_page_without_an_lms(browser, lms):
    folder, base = lms
    content = export("2004", folder)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/pkg2004/index.html")
        assert page.get_by_text("Not connected to a learning platform").is_visible()
        page.get_by_role("button", name="Start the case").click()
        question = content["steps"][0]["questions"][0]
        answer_in_page(page, question, planned_response(question, right=True), javascript=True)
        review = page.locator(f"#q-{question['key']} .review")
        assert review.inner_text().startswith("Correct")
    finally:
        page.close()
    assert not errors, errors


def test_the_step_shown_once_answered_stays_readable_in_the_stepper(browser, lms):
    folder, base = lms
    content = export("2004", folder)
    page = browser.new_page()
    try:
        page.goto(f"{base}/pkg2004/index.html")
        page.get_by_role("button", name="Start the case").click()
        for question in content["steps"][0]["questions"]:
            answer_in_page(page, question, planned_response(question, right=True), True)
            page.locator(f"#q-{question['key']} .review").wait_for()
        current = page.get_by_role("navigation", name="Case progress").locator("li.current")
        assert current.get_attribute("class") == "done current"
        assert axe_violations(page) == []
    finally:
        page.close()


def test_script_typed_by_an_author_never_runs_in_the_player(browser, lms):
    from tests.security.test_xss import hostile_case

    folder, base = lms
    export("2004", folder, hostile_case())
    page = browser.new_page()
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    try:
        frame = launch(page, base, "2004")
        frame.get_by_role("button", name="Start the case").click()
        # Answer every question as typed text would flow through feedback and the summary.
        page.frames[1].evaluate(
            """() => document.querySelectorAll("form[data-question]").forEach((form) => {
                const first = form.querySelector("input[type=radio], input[type=checkbox]");
                if (first) first.checked = true;
                form.querySelectorAll("select").forEach((s, i) => { s.selectedIndex = i + 1; });
                const text = form.querySelector("input[name=text], input[name=value]");
                if (text) text.value = text.name === "value" ? "5" : "<img src=x onerror=alert(9)>";
                if (form.querySelector("input[type=image]")) {
                    for (const [n, v] of [["x", "0.5"], ["y", "0.5"]]) {
                        const input = document.createElement("input");
                        Object.assign(input, {type: "hidden", name: n, value: v});
                        form.appendChild(input);
                    }
                }
                form.requestSubmit();
            })"""
        )
        frame.get_by_role("button", name="See your summary").click()
        frame.locator("#summary-score").wait_for()
        page.wait_for_timeout(300)
        assert frame.locator("article.step .review").count() == 7
    finally:
        page.close()
    assert fired == []
