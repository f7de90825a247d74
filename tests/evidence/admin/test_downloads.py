"""What leaves the admin as a file (evidence.admin.downloads): members' files, as downloads and never
inline, and the CSV export of the list, recorded. Both reach the Education Team and nobody else.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from evidence.admin.downloads import export_response
from evidence.models import EvidenceExport, Submission
from evidence.triage import export_copy
from tests.factories import SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]
PDF = b"%PDF-1.4\n%%EOF\n"


def url(attachment, submission_id=None):
    return reverse(
        "admin:evidence_submission_attachment",
        args=[submission_id or attachment.submission_id, attachment.pk],
    )


@pytest.fixture
def attachment():
    return attach_file(SubmissionFactory(), "Banding letter.pdf", PDF)


def test_alice_downloads_the_file_as_an_attachment(client, alice, attachment):
    sign_in(client, alice)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Banding letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_hostile_file_name_cannot_break_the_header(client, alice):
    attachment = attach_file(SubmissionFactory(), 'a"; filename=evil.html\r\nX-Bad: 1.pdf', PDF)
    sign_in(client, alice)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert "X-Bad" not in response.headers
    assert response["Content-Disposition"] == 'attachment; filename="a_; filename=evil.htmlX-Bad_ 1.pdf"'


def test_the_download_takes_the_extension_of_the_type_its_content_showed(client, alice):
    """The member called it invoice.hta; its content was text, so staff get invoice.txt as text."""
    attachment = attach_file(SubmissionFactory(), "invoice.hta", b"Pay now", content_type="text/plain")
    sign_in(client, alice)
    response = client.get(url(attachment))
    assert response["Content-Disposition"] == 'attachment; filename="invoice.txt"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("admin:evidence_submission_change", args=[attachment.submission_id]))
    assert "invoice.hta" in page.content.decode(), "staff still see the name the member gave it"


@pytest.mark.parametrize(
    "content_type", ["text/html", "image/svg+xml", "text/html; x=<y>", "application/hta"]
)
def test_a_stored_type_we_do_not_accept_is_sent_as_plain_bytes(client, alice, content_type):
    attachment = attach_file(SubmissionFactory(), "page.html", b"<html>", content_type=content_type)
    sign_in(client, alice)
    response = client.get(url(attachment))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.bin"'


def test_it_refuses_everyone_outside_the_team_even_with_stray_permissions(client, bob, charlie, attachment):
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "view_attachment"])
    )
    for user in (bob, charlie):
        sign_in(client, user)
        assert client.get(url(attachment)).status_code == 403, user.username
    client.logout()
    response = client.get(url(attachment))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_the_file_must_belong_to_the_submission_in_the_address(client, alice, attachment):
    other = SubmissionFactory()
    sign_in(client, alice)
    assert client.get(url(attachment, submission_id=other.pk)).status_code == 404


def test_a_missing_file_is_not_found(client, alice, attachment):
    attachment.file.storage.delete(attachment.file.name)
    sign_in(client, alice)
    assert client.get(url(attachment)).status_code == 404


# --- The export of the list -----------------------------------------------------------------------

EXPORT = reverse("admin:evidence_submission_export")


def download(client, params=None) -> list[dict]:
    response = client.get(EXPORT, params or {})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="send-evidence-')
    assert response["X-Content-Type-Options"] == "nosniff"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_it_exports_the_list_as_filtered_and_records_the_filters(client, alice):
    sign_in(client, alice)
    wanted = SubmissionFactory(role="senco", experience="Banding trouble")
    SubmissionFactory(role="senco", experience="Something else")
    SubmissionFactory(role="other", experience="Banding trouble")
    rows = download(client, {"role__exact": "senco", "q": "banding"})
    assert [row["reference"] for row in rows] == [wanted.reference]
    record = EvidenceExport.objects.get()
    assert record.exported_by == alice
    assert record.row_count == 1
    assert "role__exact=senco" in record.filters and "q=banding" in record.filters


def test_the_record_is_written_even_when_the_download_is_cut_short(rf, alice, monkeypatch):
    monkeypatch.setattr(export_copy, "BATCH_BYTES", 1)  # on PostgreSQL, one row a chunk as in Python's
    SubmissionFactory.create_batch(3)
    request = rf.get(EXPORT)
    request.user = alice
    response = export_response(request, Submission.objects.all(), filters="")
    content = response.streaming_content
    next(content)  # the header line
    next(content)  # one row
    # The browser went away and the server closes the response; keep the test's database connection
    # open through the request_finished signal, as the test client does.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    record = EvidenceExport.objects.get()
    assert record.row_count == 1


def test_only_the_education_team_may_export(client, bob, charlie):
    SubmissionFactory()
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "export_submission"])
    )
    for user in (bob, charlie):
        sign_in(client, user)
        assert client.get(EXPORT).status_code == 403, user.username
    client.logout()
    assert client.get(EXPORT).status_code == 302
    assert not EvidenceExport.objects.exists()
