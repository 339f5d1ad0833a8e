"""Headless Chromium (Debian's package) driven by Playwright, against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

# Django's ORM is called from the test while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CASEAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def axe_violations(page) -> list:
    """axe-core's violations on the current page (WCAG A/AA rules and best practices)."""
    # Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.html).slice(0, 3)}));
        }"""
    )
