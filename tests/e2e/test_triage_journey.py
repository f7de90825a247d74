"""Alice of the Education Team triages a submission in Chromium, from signing in (password and code) to export."""

import csv
import io

import pytest

from evidence.choices import Status
from evidence.models import EvidenceExport, Submission, SubmissionChange, WorkloadAnswer
from tests.e2e.conftest import assert_accessible
from tests.evidence.conftest import counted_in
from tests.factories import SubmissionFactory
from tests.staff import sign_in_in_browser

# live_server flushes the database; serialized_rollback brings back the themes and authorities, and
# the staff groups (made by post_migrate, which a flush does not send as migrate does) come back with
# tests/e2e/conftest.py's reference data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_alice_triages_a_submission_and_exports_the_list(page, alice):
    untriaged = SubmissionFactory(themes=["workload"], experience="Our SENCO is drowning in EHCP forms.")
    WorkloadAnswer.objects.create(submission=untriaged, cause_ehcp_processes=True, details="Every evening.")
    already = SubmissionFactory(status=Status.IN_REVIEW)

    sign_in_in_browser(page, alice)
    page.get_by_role("link", name="Untriaged submissions").click()
    page.wait_for_url("**/admin/evidence/submission/?status__exact=new")
    assert page.get_by_role("link", name=untriaged.reference).is_visible()
    assert page.get_by_role("link", name=already.reference).count() == 0

    page.get_by_role("link", name=untriaged.reference).click()
    page.wait_for_url(f"**/admin/evidence/submission/{untriaged.pk}/change/**")
    assert page.get_by_role("heading", name="Workload").is_visible()
    assert page.get_by_text("Every evening.").is_visible()
    assert_accessible(page)
    page.get_by_label("Assignee:").select_option(label="alice")
    page.get_by_label("Status:").select_option(label="Follow up")
    page.locator("textarea[name='notes-0-text']").fill("Rang the member; she will send the EHCP timetable.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_selector("text=was changed successfully")

    untriaged.refresh_from_db()
    assert (untriaged.status, untriaged.assignee) == (Status.FOLLOW_UP, alice)
    assert untriaged.notes.get().author == alice
    assert set(SubmissionChange.objects.values_list("field", flat=True)) == {"status", "assignee"}
    history = page.locator("section[aria-labelledby='triage-history']")
    assert "Follow up" in history.inner_text() and "alice" in history.inner_text()
    assert page.get_by_text("Rang the member; she will send the EHCP timetable.").is_visible()

    page.goto("/admin/evidence/submission/?status__exact=follow-up")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export this list (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("send-evidence-")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["reference"] for row in rows] == [untriaged.reference]
    assert rows[0]["status"] == "Follow up" and rows[0]["notes_count"] == "1"
    record = EvidenceExport.objects.get()
    assert (record.exported_by, record.row_count, record.filters) == (alice, 1, "status__exact=follow-up")
    assert Submission.objects.count() == 2


def test_the_dashboard_and_tracker_are_accessible(page, alice):
    counted_in([SubmissionFactory(themes=["workload", "sv-dbv"])])  # the weekly history's figures
    sign_in_in_browser(page, alice)
    page.get_by_role("link", name="Evidence dashboard").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("svg[role='img'] rect").count() == 2
    assert_accessible(page)
    page.get_by_role("link", name="Local authority tracker").first.click()
    page.wait_for_url("**/tracker/")
    assert_accessible(page)
