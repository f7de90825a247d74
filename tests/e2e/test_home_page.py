from tests.e2e.conftest import assert_accessible


def test_home_page_loads_initialises_govuk_frontend_and_is_accessible(page):
    page.goto("/")

    assert page.locator("h1").inner_text() == "Tell us about the SEND system"
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    assert "js-enabled" in page.evaluate("document.body.className")
    assert page.console.errors == []
    assert_accessible(page)


def test_home_page_leads_to_the_evidence_form_and_the_response(page):
    page.goto("/")

    assert page.get_by_role("button", name="Send evidence").get_attribute("href") == "/evidence/"
    assert page.get_by_role("link", name="Read the union's response to the Green Paper").is_visible()
