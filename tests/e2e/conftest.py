"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Never ``playwright install``: the browser is Debian's ``chromium`` package (/usr/bin/chromium).
"""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import load_reference_data, need

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Browser tests run against live_server, which flushes the database: bring the migrations' data back."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        load_reference_data()


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists(), "Chromium", "apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM beside it refuses to run
    # unless told the test knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleWatcher:
    """Collects console errors and failed requests, which a page must not produce."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))


# The accessibility checks inject axe-core as an inline script, which the site's Content-Security-
# Policy forbids: their pages bypass the policy. The policy itself is tested in pages that do not
# (``csp_page``, tests/e2e/test_content_security_policy.py).
@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console = ConsoleWatcher(page)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console = ConsoleWatcher(page)
    yield page
    context.close()


# Records every Content-Security-Policy violation in the page, from before its first script runs.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class PolicyWatcher:
    """CSP violations (the page's own events) and the browser's console complaints about the policies."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        text = message.text
        if message.type in ("error", "warning") and (
            "Security Policy" in text or "Permissions-Policy" in text
        ):
            self.console.append(text)

    def violations(self) -> list[str]:
        found = self.page.evaluate("() => window.__cspViolations || []")
        return [*found, *self.console]


@pytest.fixture
def csp_page(browser, live_server):
    """A page that enforces the site's Content-Security-Policy, as every visitor's browser does."""
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.policy = PolicyWatcher(page)
    page.console = ConsoleWatcher(page)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Inject axe-core and fail on any violation of serious or critical impact."""
    need(AXE.exists(), "axe-core", "run `npm ci` in the project folder")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe found on {page.url}:\n" + json.dumps(
        [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in bad
        ],
        indent=2,
    )


@pytest.fixture
def audit_page(browser, live_server):
    """A page in a context that bypasses the CSP (axe is injected), for the accessibility tests."""
    from tests.e2e.accessibility import audit_context

    context = audit_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
