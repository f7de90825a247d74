"""A member sends evidence in Chromium, with and without JavaScript, and every page passes axe."""

import re
import time
from urllib.parse import urlsplit

import pytest

from evidence.models import Submission
from tests.e2e.accessibility import audit_context, axe_violations
from tests.e2e.conftest import ConsoleWatcher
from tests.files import tiny_file

# live_server flushes the database; serialized_rollback brings back the themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def member_page(browser, live_server):
    """axe is injected: the context bypasses the Content-Security-Policy (tests/e2e/accessibility.py)."""
    yield from _member_page(browser, live_server, javascript=True)


@pytest.fixture
def member_page_without_js(browser, live_server):
    yield from _member_page(browser, live_server, javascript=False)


def _member_page(browser, live_server, *, javascript: bool):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console = ConsoleWatcher(page)
    yield page
    context.close()


def check_accessible(page) -> None:
    """Every WCAG 2.x A/AA rule, best practice and target size, also for pages shown with JavaScript off.

    axe needs JavaScript, so a page shown without it (our body-classes.js never ran) is checked as a
    copy: its HTML, scripts removed, in a JavaScript-enabled tab at the same origin (same CSS).
    """
    started = time.monotonic()
    try:
        _check_accessible(page)
    finally:
        page.axe_seconds = getattr(page, "axe_seconds", 0) + time.monotonic() - started


def _check_accessible(page) -> None:
    if page.evaluate("() => document.body.classList.contains('js-enabled')"):
        run_axe(page)
        return
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    context = audit_context(page.context.browser)
    try:
        copy = context.new_page()
        origin = urlsplit(page.url)
        copy.goto(f"{origin.scheme}://{origin.netloc}/healthz")
        copy.set_content(html)
        run_axe(copy)
    finally:
        context.close()


def run_axe(page) -> None:
    violations = axe_violations(page, target_size=True)
    assert violations == [], f"axe found on {page.url}: {violations}"


def continue_to(page, path: str) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def send_evidence_in_the_browser(page, *, javascript: bool, check=check_accessible) -> str:
    """From the home page to the reference; checks every page on the way (accessibility, by default)."""
    page.goto("/")
    page.get_by_role("button", name="Send evidence").click()
    page.wait_for_url("**/evidence/")
    check(page)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/evidence/send/about-you/")
    check(page)

    # An error state first: nothing answered.
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: About you")
    assert page.locator(".govuk-error-summary__list a").count() == 4
    check(page)

    page.check("#id_role_1")
    page.check("#id_phase_2")
    page.check("#id_setting_1")
    page.select_option("#id_local_authority", label="Kent")
    continue_to(page, "/evidence/send/themes/")
    check(page)

    page.get_by_label("Workload").check()
    page.get_by_label("Safety Valve (SV) and Delivering Better Value (DBV)").check()
    continue_to(page, "/evidence/send/workload/")
    assert "Theme 1 of 2" in page.inner_text("main")
    check(page)

    page.get_by_label("EHCP processes").check()
    page.fill("#id_details", "Annual reviews take a whole week of the SENCO's time.")
    continue_to(page, "/evidence/send/sv-dbv/")
    check(page)

    page.check("#id_programme_1")
    page.check("#id_plan_stage_2")
    assert page.is_visible("#id_plan_url") is not javascript, "revealed by JavaScript, simply shown without"
    page.check("#id_plan_published_1")
    page.fill("#id_plan_url", "https://www.gov.uk/government/publications/example-plan")
    page.check("#id_schools_consulted_2")
    page.get_by_label("Reduced support to mainstream schools").check()
    continue_to(page, "/evidence/send/your-experience/")
    check(page)

    page.fill("#id_experience", "Our SENCO spends three days a week on EHCP paperwork.")
    if javascript:
        page.wait_for_selector("text=You have 9,947 characters remaining")
    continue_to(page, "/evidence/send/attachments/")
    check(page)

    page.set_input_files(
        "#id_files", files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": tiny_file("pdf")}]
    )
    page.get_by_role("button", name="Upload files").click()
    page.wait_for_selector("text=plan.pdf")
    check(page)
    continue_to(page, "/evidence/send/contact-details/")
    check(page)

    page.fill("#id_email", "erin@example.org")
    page.check("#id_consent_to_contact")
    continue_to(page, "/evidence/send/check-your-answers/")
    assert "Annual reviews take a whole week" in page.inner_text("main")
    check(page)

    sending = time.monotonic()
    page.get_by_role("button", name="Send evidence").click()
    page.wait_for_url("**/evidence/sent/")
    page.send_seconds = time.monotonic() - sending
    check(page)
    return page.inner_text(".govuk-panel__body")


def test_a_member_sends_evidence_on_two_themes_with_a_file(member_page):
    sends_evidence_and_gets_the_reference(member_page, javascript=True)


def test_a_member_without_javascript_sends_the_same_evidence(member_page_without_js):
    sends_evidence_and_gets_the_reference(member_page_without_js, javascript=False)


def sends_evidence_and_gets_the_reference(page, *, javascript: bool) -> None:
    # Fixtures are named in each test's signature (not looked up inside it), so pytest-django
    # restores the reference data before each test.
    started = time.monotonic()
    panel = send_evidence_in_the_browser(page, javascript=javascript)
    elapsed = time.monotonic() - started

    submission = Submission.objects.get()
    assert submission.reference in panel
    assert submission.theme_slugs == {"workload", "sv-dbv"}
    assert submission.sv_dbv.plan_url == "https://www.gov.uk/government/publications/example-plan"
    assert submission.sv_dbv.problem_mainstream_support_reduced
    assert [a.original_name for a in submission.attachments.all()] == ["plan.pdf"]
    assert page.console.errors == []
    journey = elapsed - page.axe_seconds
    print(
        f"\nfull submission {'with' if javascript else 'without'} JavaScript: {journey:.2f} s for the journey "
        f"(home page to reference, 10 pages, 13 posts) plus {page.axe_seconds:.2f} s of axe checks; "
        f"'Send evidence' to the confirmation: {page.send_seconds * 1000:.0f} ms"
    )
