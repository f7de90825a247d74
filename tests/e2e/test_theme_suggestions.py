"""Alice opens a submission in Chromium, sees the theme the model suggests with its confidence, accepts
it with one button (no JavaScript needed: the button posts the page's form to its own URL) and sees it
as a staff theme, with "accepted suggestion" in the history."""

import pytest

from evidence.models import ThemeSuggestion
from tests.e2e.conftest import assert_accessible
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme
from tests.staff import sign_in_in_browser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SV_DBV = "Safety Valve (SV) and Delivering Better Value (DBV)"


def test_alice_accepts_a_suggested_theme_and_sees_it_as_a_staff_theme(page, alice):
    submission = SubmissionFactory(
        themes=["workload"], experience="Our council signed a Safety Valve deal and cut outreach."
    )
    ThemeSuggestionFactory(submission=submission, theme=theme("sv-dbv"), confidence=0.91)
    ThemeSuggestionFactory(submission=submission, theme=theme("banding"), confidence=0.64)

    sign_in_in_browser(page, alice)
    page.goto(f"/admin/evidence/submission/{submission.pk}/change/")
    suggestions = page.locator("section[aria-labelledby='summary-suggestions']")
    assert "91%" in suggestions.inner_text() and "64%" in suggestions.inner_text()
    assert_accessible(page)

    page.get_by_role("button", name=f"Accept {SV_DBV}").click()
    page.wait_for_selector(f"text=Added {SV_DBV} as a staff theme.")

    assert page.get_by_role("checkbox", name=SV_DBV).is_checked()  # under "Themes added by staff"
    assert page.get_by_role("button", name=f"Accept {SV_DBV}").count() == 0
    assert page.get_by_role("button", name="Accept Local authority banding").is_visible()
    history = page.locator("section[aria-labelledby='triage-history']").inner_text()
    assert f"accepted suggestion: {SV_DBV}" in history
    assert set(submission.staff_themes.values_list("slug", flat=True)) == {"sv-dbv"}
    assert ThemeSuggestion.objects.get(theme__slug="sv-dbv").state == "accepted"
