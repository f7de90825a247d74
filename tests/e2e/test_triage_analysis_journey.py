"""The triage journey of issue 13 in Chromium: Alice opens a submission, accepts a suggested theme, sees
what its near-duplicates change, opens its group, marks it a campaign, and the dashboard gives both
counts."""

import pytest

from evidence.analysis import groups
from evidence.models import AuditEvent, NearDuplicateGroup
from tests.e2e.conftest import assert_accessible
from tests.evidence.analysis.letters import UNRELATED, letter
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme
from tests.staff import sign_in_in_browser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


SV_DBV = "Safety Valve (SV) and Delivering Better Value (DBV)"


def test_alice_accepts_a_suggestion_opens_the_group_marks_it_a_campaign_and_the_dashboard_counts_it_once(
    page, alice
):
    copies = [
        SubmissionFactory(experience=letter(school, name))
        for school, name in [
            ("Oak Primary", "Jane Smith"),
            ("Elm Academy", "Raj Patel"),
            ("Ash High", "Sam Jones"),
        ]
    ]
    other = SubmissionFactory(experience=UNRELATED)
    for submission in [*copies, other]:
        groups.find_group(submission_id=submission.pk)
    ThemeSuggestionFactory(submission=copies[0], theme=theme("sv-dbv"), confidence=0.91)

    sign_in_in_browser(page, alice)
    page.goto(f"/admin/evidence/submission/{copies[0].pk}/change/")
    page.get_by_role("button", name=f"Accept {SV_DBV}").click()
    page.wait_for_selector(f"text=Added {SV_DBV} as a staff theme.")
    assert page.get_by_role("checkbox", name=SV_DBV).is_checked()  # under "Themes added by staff"

    section = page.locator("section[aria-labelledby='summary-group']")
    assert "with 2 other submissions" in section.inner_text()
    assert section.locator("ins.group-diff-added", has_text="Elm Academy").first.is_visible()
    assert section.get_by_role("link", name=copies[1].reference).is_visible()
    assert_accessible(page)

    section.get_by_role("link", name="group").first.click()
    page.wait_for_url("**/admin/evidence/nearduplicategroup/*/change/")
    assert page.get_by_role("link", name=copies[2].reference).is_visible()
    assert_accessible(page)
    page.get_by_label("Campaign").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=was changed successfully")
    assert NearDuplicateGroup.objects.get().is_campaign
    assert AuditEvent.objects.filter(action="campaign", actor="alice").exists()

    page.goto("/admin/evidence/submission/dashboard/")
    assert page.locator("#count-each-member").inner_text() == "4"
    assert page.locator("#count-campaigns-once").inner_text() == "2"
    assert page.locator("#count-campaign-groups").inner_text() == "1"
    assert_accessible(page)
