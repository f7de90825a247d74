"""Alice of the Education Team asks for an evidence pack in Chromium, from the filtered submission list,
follows it on its status page and downloads it (tasks run in the live server's process here)."""

import pytest

from evidence.models import AuditEvent, EvidencePack
from tests.e2e.conftest import assert_accessible
from tests.evidence.publishing.pack_text import pdf_text
from tests.factories import ApprovedQuoteFactory, SubmissionFactory, SvDbvAnswerFactory
from tests.staff import sign_in_in_browser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_alice_makes_a_pack_from_the_filtered_list_and_downloads_it(page, alice):
    for _ in range(5):
        SvDbvAnswerFactory(programme="sv")
    quoted = SvDbvAnswerFactory(
        programme="sv", submission=SubmissionFactory(themes=["sv-dbv"], consent_to_quote=True)
    )
    ApprovedQuoteFactory(submission=quoted.submission, text="Outreach was cut in the first month.")
    dbv = SvDbvAnswerFactory(programme="dbv")

    sign_in_in_browser(page, alice)
    page.goto("/admin/evidence/submission/?reported_programme=sv")
    assert page.get_by_role("link", name=dbv.submission.reference).count() == 0
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option(
        label="Make an evidence pack from this list (its filters, not the ticked rows)"
    )
    page.get_by_role("button", name="Go").click()
    page.wait_for_url("**/admin/evidence/evidencepack/add/?filters=*")
    assert page.get_by_label("The admin list's filters").is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Make the pack").click()

    page.wait_for_url("**/admin/evidence/evidencepack/*/status/")
    assert page.locator("#pack-status").inner_text() == "Ready to download"
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack").click()
    download = download_info.value
    pack = EvidencePack.objects.get()
    assert download.suggested_filename == f"evidence-pack-{pack.pk}.pdf"
    text = pdf_text(download.path().read_bytes())
    assert "Outreach was cut in the first month." in text
    assert "Submissions: 5." in text
    assert pack.key == "reported_programme=sv"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_PACK, actor="alice").exists()


def test_dave_asks_for_a_theme_pack_without_javascript(page_without_js, dave):
    SubmissionFactory(themes=["banding"])
    page = page_without_js
    sign_in_in_browser(page, dave)
    page.goto("/admin/evidence/evidencepack/add/")
    page.get_by_role("radio", name="Theme").check()
    page.get_by_role("button", name="Make the pack").click()
    assert page.get_by_text("Choose a theme").first.is_visible()  # beside the field; nothing made
    assert EvidencePack.objects.count() == 0
    page.get_by_role("radio", name="Theme").check()
    page.locator("#id_theme").select_option(label="Local authority banding")
    page.get_by_label("Word (DOCX, editable)").check()
    page.get_by_role("button", name="Make the pack").click()
    page.wait_for_url("**/admin/evidence/evidencepack/*/status/")
    assert page.locator("#pack-status").inner_text() == "Ready to download"
    assert EvidencePack.objects.get().format == "docx"
