"""Grace, data protection, answers Erin's requests in Chromium: she corrects Erin's address and withdraws
her consent to be quoted, then gives Erin everything held about her as a ZIP whose summary is accessible,
from the request's status page (tasks run in-process here, so the ZIP is made by the time it opens).
"""

import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client

from evidence.models import AuditEvent, SubmissionChange
from tests.e2e.conftest import assert_accessible
from tests.factories import SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in_page(page, live_server, person):
    """The browser carries the session that tests/staff.py's sign_in opened (second factor and all)."""
    client = sign_in(Client(), person)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return page


def test_grace_corrects_erins_details_then_gives_her_everything_held(page, live_server, grace):
    erins = SubmissionFactory(name="Erin Evans", email="erin@exmaple.org", consent_to_quote=True)
    attach_file(erins, "Banding letter.pdf", b"%PDF-1.4\n%%EOF\n")
    signed_in_page(page, live_server, grace)

    page.goto(f"/admin/evidence/submission/{erins.pk}/change/")
    page.get_by_role("link", name="Correct contact details or consents").click()
    page.get_by_label("Email address").fill("erin@@example.org")
    page.get_by_role("button", name="Save corrections").click()
    assert (
        page.get_by_role("alert")
        .get_by_role("link", name="Enter an email address in the correct format")
        .is_visible()
    )
    assert page.get_by_label("Email address").input_value() == "erin@@example.org"
    assert_accessible(page)

    page.get_by_label("Email address").fill("erin@example.org")
    page.get_by_label("The member agrees to be quoted").uncheck()
    page.get_by_role("button", name="Save corrections").click()
    page.wait_for_selector("text=Corrected the email address, consent to be quoted.")
    history = page.locator("section[aria-labelledby='triage-history']").inner_text()
    assert "May quote them anonymously" in history and "grace" in history
    assert set(SubmissionChange.objects.values_list("field", flat=True)) == {"email", "consent_to_quote"}

    page.goto("/admin/evidence/submission/?q=erin%40example.org")
    page.locator("input[name='_selected_action']").first.check()
    page.get_by_label("Action:").select_option(label="Give personal data (subject access ZIP)")
    page.get_by_role("button", name="Go").click()
    # Tasks run in-process here, so the status page finds the ZIP made (a real worker: tests/integration).
    assert page.locator("#personal-data-status").inner_text() == "Ready to download"
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the ZIP").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert f"files/{erins.reference}/{erins.attachments.get().pk}-Banding letter.pdf" in archive.namelist()

    page.set_content(archive.read("summary.html").decode())
    assert page.get_by_role("heading", name=f"Submission {erins.reference}").is_visible()
    assert page.get_by_text("erin@example.org").first.is_visible()
    assert_accessible(page)
    assert list(AuditEvent.objects.order_by("at", "id").values_list("action", flat=True)) == [
        "sign-in",
        "view-submission",
        "correct",
        "view-submission",
        "search",
        "subject-access",
        "download-personal",
    ]
