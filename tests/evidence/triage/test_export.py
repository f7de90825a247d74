"""The evidence export: every answer in its column, safe in a spreadsheet, recorded, team only."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.admin.downloads import export_response
from evidence.models import EvidenceExport, Submission, WorkloadAnswer
from evidence.triage import export
from tests.factories import (
    SubmissionFactory,
    SvDbvAnswerFactory,
    TriageNoteFactory,
    attach_file,
    staff_member,
    theme,
)

pytestmark = pytest.mark.django_db
EXPORT = reverse("admin:evidence_submission_export")
DOC = Path(__file__).resolve().parents[3] / "docs" / "export-columns.md"


@pytest.fixture
def alice(client):
    user = staff_member("alice")
    client.force_login(user)
    return user


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


def test_it_exports_every_answer_with_themes_and_triage(client, alice):
    submission = SubmissionFactory(
        themes=["workload", "sv-dbv"],
        name="Jo Bloggs",
        email="jo@school.org",
        consent_to_contact=True,
        assignee=alice,
    )
    submission.staff_themes.add(theme("training"))
    WorkloadAnswer.objects.create(submission=submission, cause_ehcp_processes=True, details="Forms.")
    SvDbvAnswerFactory(submission=submission, programme="dbv", plan_published="no")
    TriageNoteFactory.create_batch(2, submission=submission)
    attach_file(submission, "letter.pdf", b"%PDF-1.4")
    [row] = download(client)
    assert list(row) == export.HEADERS
    assert row["reference"] == submission.reference
    assert row["member_themes"] == "workload;sv-dbv"
    assert row["staff_themes"] == "training"
    assert (row["name"], row["email"], row["consent_to_contact"], row["consent_to_quote"]) == (
        "Jo Bloggs",
        "jo@school.org",
        "yes",
        "no",
    )
    assert (row["status"], row["assignee"], row["priority"]) == ("New", "alice", "Normal")
    assert (row["notes_count"], row["attachments_count"]) == ("2", "1")
    assert (row["workload_cause_ehcp_processes"], row["workload_cause_specialist_service_cuts"]) == (
        "yes",
        "no",
    )
    assert row["workload_details"] == "Forms."
    assert row["sv_dbv_programme"] == "Delivering Better Value"
    assert row["sv_dbv_plan_published"] == "No"
    assert row["sv_dbv_local_authority"] == submission.local_authority.name
    assert row["banding_experience"] == "" and row["training_stage"] == ""  # themes not chosen


def test_it_exports_the_list_as_filtered_and_records_the_filters(client, alice):
    wanted = SubmissionFactory(role="senco", experience="Banding trouble")
    SubmissionFactory(role="senco", experience="Something else")
    SubmissionFactory(role="other", experience="Banding trouble")
    rows = download(client, {"role__exact": "senco", "q": "banding"})
    assert [row["reference"] for row in rows] == [wanted.reference]
    record = EvidenceExport.objects.get()
    assert record.exported_by == alice
    assert record.row_count == 1
    assert "role__exact=senco" in record.filters and "q=banding" in record.filters


def test_the_record_is_written_even_when_the_download_is_cut_short(rf, alice):
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


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_neutralised(client, alice, start):
    payload = f'{start}HYPERLINK("http://evil.example","click")'
    SubmissionFactory(experience=payload, name=payload, role_other=payload)
    [row] = download(client)
    for column in ("experience", "name", "role_other"):
        assert row[column] == f"'{payload}"


def test_markup_in_evidence_is_exported_as_plain_text(client, alice):
    SubmissionFactory(experience='<script>alert("x")</script>')
    [row] = download(client)
    assert row["experience"] == '<script>alert("x")</script>'  # text in a CSV, never rendered as HTML


def test_only_the_education_team_may_export(client):
    SubmissionFactory()
    charlie = staff_member("charlie", group=None)
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "export_submission"])
    )
    for user in (charlie, staff_member("carol", group="Content editors")):
        client.force_login(user)
        assert client.get(EXPORT).status_code == 403
    client.logout()
    assert client.get(EXPORT).status_code == 302
    assert not EvidenceExport.objects.exists()


def test_it_reads_rows_in_chunks_with_a_constant_number_of_queries_per_chunk(client, alice, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 5)
    SubmissionFactory.create_batch(12)
    rows = list(export.submission_rows(export.Submission.objects.all()))
    assert len(rows) == 12
    with CaptureQueriesContext(connection) as queries:
        list(export.submission_rows(export.Submission.objects.all()))
    # one main query (read in chunks), then themes and staff themes for each of the 3 chunks
    assert len(queries) == 1 + 2 * 3


def test_the_columns_are_documented():
    documented = re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.MULTILINE)
    assert documented == export.HEADERS
