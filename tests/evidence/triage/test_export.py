"""The evidence export (evidence.triage.export): every answer in its column, safe in a spreadsheet,
read in chunks, recorded. The download itself is the admin's (tests/evidence/admin/test_downloads.py).
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import EvidenceExport, Submission, WorkloadAnswer
from evidence.triage import export
from tests.factories import (
    SubmissionFactory,
    SvDbvAnswerFactory,
    TriageNoteFactory,
    attach_file,
    theme,
)

pytestmark = pytest.mark.django_db
EXPORT = reverse("admin:evidence_submission_export")
DOC = Path(__file__).resolve().parents[3] / "docs" / "export-columns.md"


def exported(queryset=None) -> list[dict]:
    """The CSV the export writes for ``queryset`` (every submission by default), read back."""
    queryset = Submission.objects.all() if queryset is None else queryset
    text = "".join(export.csv_lines(queryset, on_done=lambda count: None))
    assert text.startswith("\ufeff"), "the byte-order mark that makes Excel read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_it_exports_every_answer_with_themes_and_triage(alice):
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
    [row] = exported()
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


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_neutralised(start):
    payload = f'{start}HYPERLINK("http://evil.example","click")'
    SubmissionFactory(experience=payload, name=payload, role_other=payload)
    [row] = exported()
    for column in ("experience", "name", "role_other"):
        assert row[column] == f"'{payload}"


def test_markup_in_evidence_is_exported_as_plain_text():
    SubmissionFactory(experience='<script>alert("x")</script>')
    [row] = exported()
    assert row["experience"] == '<script>alert("x")</script>'  # text in a CSV, never rendered as HTML


def test_it_reads_rows_in_chunks_with_a_constant_number_of_queries_per_chunk(monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 5)
    SubmissionFactory.create_batch(12)
    rows = list(export.submission_rows(export.Submission.objects.all()))
    assert len(rows) == 12
    with CaptureQueriesContext(connection) as queries:
        list(export.submission_rows(export.Submission.objects.all()))
    # one main query (read in chunks), then themes, staff themes and suggestions for each of the 3 chunks
    assert len(queries) == 1 + 3 * 3


def test_the_columns_are_documented():
    documented = re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.MULTILINE)
    assert documented == export.HEADERS


def test_an_export_is_recorded_before_it_starts_and_counted_when_done(alice):
    record = export.record_export(by=alice, filters="status__exact=new")
    assert EvidenceExport.objects.get().row_count == 0
    export.finish_export(export=record, row_count=42)
    stored = EvidenceExport.objects.get()
    assert (stored.exported_by, stored.row_count, stored.filters) == (alice, 42, "status__exact=new")


def test_the_row_count_is_reported_even_when_the_reader_stops_early():
    SubmissionFactory.create_batch(3)
    reported: list[int] = []
    lines = export.csv_lines(Submission.objects.all(), on_done=reported.append)

    next(lines)  # the header line
    next(lines)  # one row
    lines.close()

    assert reported == [1]


def test_restricted_submissions_are_never_exported():
    kept, restricted = SubmissionFactory(), SubmissionFactory(restricted=True)

    rows = list(export.submission_rows(Submission.objects.all()))

    assert [row[0] for row in rows] == [kept.reference]
    assert restricted.reference not in str(rows)
