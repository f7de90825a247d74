"""Alice turns Erin's words into a quote in Chromium: she selects a passage, sees the suggested
redactions, edits them out and approves; the public page then shows the quote, passes axe and reflows,
and works with JavaScript off. The quote pages pass axe too.
"""

import datetime as dt

import pytest
from django.utils import timezone

from evidence.models import Submission
from tests.e2e.accessibility import Audit
from tests.e2e.conftest import assert_accessible
from tests.evidence.conftest import counted_in
from tests.factories import SubmissionFactory
from tests.staff import sign_in_in_browser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORDS = "Mrs Patel at Hillside Primary School spends every evening on EHCP paperwork for our pupils."
EDITED = "[A colleague] at [my school] spends every evening on EHCP paperwork for our pupils."


@pytest.fixture
def erins():
    submission = SubmissionFactory(
        name="Erin Evans", consent_to_quote=True, experience=WORDS, themes=["workload"]
    )
    Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now() - dt.timedelta(days=7))
    counted_in([submission])
    return submission


def test_alice_selects_edits_and_approves_a_quote_that_the_public_page_then_shows(page, alice, erins):
    sign_in_in_browser(page, alice)
    page.goto(f"/admin/evidence/submission/{erins.pk}/change/")
    page.get_by_role("link", name="Select a passage to quote").click()

    marks = page.locator("mark.union-redact")
    # Each mark says why to a screen reader, in a visually hidden span after the words. The words are
    # read from the mark's first text node: inner_text depends on whether the stylesheet has loaded yet.
    assert [m.evaluate("mark => mark.firstChild.nodeValue") for m in marks.all()][-2:] == [
        "Mrs Patel",
        "Hillside Primary School",
    ]
    assert all(" (suggested redaction: " in m.text_content() for m in marks.all()[-2:])
    assert_accessible(page)
    # With JavaScript: select the member's words on the page and use them.
    page.locator("[data-quote-source=experience]").select_text()
    page.get_by_role("button", name="Use the selected words").click()
    assert page.get_by_role("radio", name="Their own words").is_checked()
    assert "EHCP paperwork for our pupils" in page.get_by_label("The passage to quote").input_value()
    page.get_by_role("button", name="Select this passage").click()

    page.wait_for_selector("text=Passage selected. Edit it, then approve it.")
    assert page.locator("#quote-text-value mark.union-redact").count() == 2
    assert "2 suggested redactions marked" in page.locator("#suggestion-count").inner_text()
    assert_accessible(page)
    page.get_by_label("The quote as it will be published").fill(EDITED)
    page.get_by_role("button", name="Save and approve").click()

    page.wait_for_selector("text=Quote approved.")
    assert page.locator("#quote-status-value").inner_text() == "Approved"
    assert page.locator("#quote-text-value mark.union-redact").count() == 0
    assert_accessible(page)

    page.goto("/what-members-told-us/")
    assert page.get_by_text(EDITED).is_visible()
    assert page.get_by_text("A member, about workload").is_visible()
    assert "Patel" not in page.content() and "Hillside" not in page.content()


def test_the_public_page_passes_axe_reflows_and_works_without_javascript(audit_page, page_without_js, erins):
    audit = Audit()
    audit_page.goto("/what-members-told-us/")
    audit.check(audit_page, "/what-members-told-us/")
    audit_page.goto("/response/questions/1/")
    audit.check(audit_page, "/response/questions/1/")
    audit.assert_clean()

    page_without_js.goto("/")
    page_without_js.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="What members told us"
    ).click()
    assert page_without_js.get_by_role("heading", name="What members told us", level=1).is_visible()
    assert page_without_js.locator("caption", has_text="Submissions by theme").is_visible()
    assert page_without_js.locator("[data-count=total]").inner_text() == "fewer than 5"
    with page_without_js.expect_download() as download:
        page_without_js.get_by_role("link", name="Download the figures as CSV").click()
    assert download.value.path().read_text().startswith("table,week,group,count,note\n")
    assert not page_without_js.console.errors
