"""The export by PostgreSQL's COPY (evidence.triage.export_copy) writes the Python path's file, byte for
byte, on rows that exercise every kind of cell: choices, ticked boxes, times either side of the clock
change, themes, suggestions, groups, empty and missing values, formula-looking, non-ASCII, multi-line
and quoted text. Needs PostgreSQL (DATABASE_URL).
"""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from evidence.admin.pack_list import list_submissions
from evidence.analysis import groups
from evidence.models import (
    BandingAnswer,
    BudgetAnswer,
    GeneralAnswer,
    NearDuplicateGroup,
    Submission,
    Theme,
    TrainingAnswer,
    WorkloadAnswer,
)
from evidence.triage import export, export_copy
from tests.evidence.analysis.letters import UNRELATED, letter
from tests.factories import (
    SubmissionFactory,
    SvDbvAnswerFactory,
    ThemeSuggestionFactory,
    TriageNoteFactory,
    attach_file,
    local_authority,
    theme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres")]
LONDON = ZoneInfo("Europe/London")


def python_file(queryset) -> tuple[bytes, int]:
    counted: list[int] = []
    text = "".join(export.csv_lines(queryset, on_done=counted.append))
    return text.encode(), counted[0]


def copy_file(queryset) -> tuple[bytes, int]:
    counted: list[int] = []
    content = b"".join(export_copy.copy_chunks(queryset, on_done=counted.append))
    return content, counted[0]


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"), newline="")))


@pytest.fixture
def rich_evidence(alice):
    """Every column type, once with a value, once empty; text a spreadsheet or a CSV reader could trip on."""
    everything = SubmissionFactory(
        themes=["workload", "banding", "notional-budgets", "training", "sv-dbv", "general"],
        role="other",
        role_other="=cmd|' /C calc'!A0",
        experience='He said "no", twice.\r\nThen, on a new line: -£40,000 café ✓\nand\ra lone CR',
        name="+Siân O'Brien",
        email="@siân@example.org",
        membership_number="-0012",
        consent_to_contact=True,
        assignee=alice,
        priority=3,
        status="follow-up",
    )
    everything.staff_themes.add(theme("general"), theme("workload"))
    WorkloadAnswer.objects.create(
        submission=everything,
        details="\tTabbed",
        cause_specialist_service_cuts=True,
        cause_ehcp_processes=True,
    )
    BandingAnswer.objects.create(submission=everything, experience="both", details="\rCR first")
    BudgetAnswer.objects.create(submission=everything, notional_budget_enough="not-sure", details='"quoted"')
    TrainingAnswer.objects.create(submission=everything, stage="senco", preparedness="partly", details="")
    SvDbvAnswerFactory(
        submission=everything,
        local_authority=local_authority("Kent"),
        programme="both",
        plan_stage="schools-being-consulted",
        plan_published="yes",
        plan_url="https://example.org/plan?a=1,b=2",
        problem_specialist_cuts=True,
        details="Multi\nline, with comma",
    )
    GeneralAnswer.objects.create(submission=everything, details="@mention and =1+1")
    for confidence, slug in ((0.125, "banding"), (0.875, "training"), (0.005, "sv-dbv"), (1.0, "general")):
        ThemeSuggestionFactory(submission=everything, theme=theme(slug), confidence=confidence)
    ThemeSuggestionFactory(submission=everything, theme=theme("workload"), state="rejected")
    TriageNoteFactory.create_batch(2, submission=everything)
    attach_file(everything, "letter.pdf", b"%PDF-1.4")

    bare = SubmissionFactory(local_authority=None, experience="", themes=["general"], priority=1)
    SubmissionFactory(restricted=True, experience="Restricted: never exported")
    copies = [SubmissionFactory(experience=letter(f"School {n}", f"Member {n}")) for n in range(3)]
    loner = SubmissionFactory(experience=UNRELATED)
    for submission in [*copies, loner]:
        groups.find_group(submission_id=submission.pk)
    NearDuplicateGroup.objects.update(is_campaign=True)
    # Either side of the clock change, with microseconds the export leaves out.
    Submission.objects.filter(pk=everything.pk).update(
        received_at=datetime(2026, 7, 1, 23, 30, 5, 999999, LONDON)
    )
    Submission.objects.filter(pk=bare.pk).update(received_at=datetime(2026, 11, 29, 13, 46, 2, 1, LONDON))
    return everything, bare


def test_copy_writes_the_python_file_byte_for_byte(rich_evidence):
    everything, bare = rich_evidence
    python, python_count = python_file(Submission.objects.all())
    copied, copy_count = copy_file(Submission.objects.all())

    assert copied == python
    assert copy_count == python_count == 6  # the restricted one left out
    rows = {row["reference"]: row for row in rows_of(copied)}
    row = rows[everything.reference]
    assert row["received_at"] == "2026-07-01T23:30:05+01:00"
    assert rows[bare.reference]["received_at"] == "2026-11-29T13:46:02+00:00"
    assert row["role_other"] == "'=cmd|' /C calc'!A0"
    assert row["experience"].startswith('He said "no", twice.\r\n')
    assert (row["name"], row["email"], row["membership_number"]) == (
        "'+Siân O'Brien",
        "'@siân@example.org",
        "'-0012",
    )
    assert (row["workload_details"], row["banding_details"]) == ("'\tTabbed", "'\rCR first")
    assert row["suggested_themes"] == "general;training;banding;sv-dbv"
    assert row["suggestion_confidence"] == "1.00;0.88;0.12;0.01"  # Python's rounding, in both
    assert (row["staff_themes"], row["priority"], row["status"]) == ("workload;general", "High", "Follow up")
    assert (row["notes_count"], row["attachments_count"]) == ("2", "1")
    assert (row["sv_dbv_local_authority"], row["sv_dbv_problem_specialist_cuts"]) == ("Kent", "yes")
    assert (rows[bare.reference]["local_authority"], rows[bare.reference]["workload_details"]) == ("", "")
    grouped = [r for r in rows.values() if r["group"]]
    assert len(grouped) == 3 and {r["group_size"] for r in grouped} == {"3"}
    assert {r["group_is_campaign"] for r in grouped} == {"yes"}


def test_copy_keeps_the_querysets_own_order(rich_evidence):
    by_reference = Submission.objects.order_by("reference")
    copied, _ = copy_file(by_reference)
    assert copied == python_file(by_reference)[0]
    references = [row["reference"] for row in rows_of(copied)]
    assert references == sorted(references)


def test_copy_exports_the_admin_list_as_filtered_and_searched(rich_evidence, alice):
    everything, _ = rich_evidence
    listed = list_submissions("status__exact=follow-up&q=siân&o=2", alice)
    copied, count = copy_file(listed)
    assert copied == python_file(listed)[0]
    assert count == 1 and [row["reference"] for row in rows_of(copied)] == [everything.reference]


def test_themes_are_listed_in_the_themes_order_not_the_order_they_were_made(rich_evidence):
    everything, _ = rich_evidence
    Theme.objects.filter(slug="general").update(position=0)  # made last, now first
    copied, _ = copy_file(Submission.objects.all())
    assert copied == python_file(Submission.objects.all())[0]
    row = {row["reference"]: row for row in rows_of(copied)}[everything.reference]
    assert row["member_themes"] == "general;workload;banding;notional-budgets;training;sv-dbv"
    assert row["staff_themes"] == "general;workload"


def test_an_empty_list_is_the_header_alone():
    assert copy_file(Submission.objects.all()) == (export.header_line().encode(), 0)


def test_no_value_is_written_into_the_sql(rich_evidence, alice):
    listed = list_submissions("q=O%27Brien%3B+DROP+TABLE", alice)
    select, params = export_copy.export_sql(listed)
    assert "DROP" not in select and "Follow up" not in select and "Europe/London" not in select
    assert "Follow up" in params and "Europe/London" in params


def test_the_rows_counted_are_those_that_left_when_the_reader_stops(monkeypatch, rich_evidence):
    monkeypatch.setattr(export_copy, "BATCH_BYTES", 1)  # one row a batch
    counted: list[int] = []
    chunks = export_copy.copy_chunks(Submission.objects.all(), on_done=counted.append)
    next(chunks)  # the header
    next(chunks)  # one row
    chunks.close()
    assert counted == [1]


def current_settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        return {
            name: cursor.execute("SELECT current_setting(%s)", [name]).fetchone()[0]
            for name, _ in export_copy.SESSION_SETTINGS
        }


def test_the_statement_gets_its_own_planner_settings_and_the_session_gets_its_own_back(rich_evidence):
    before = current_settings()
    assert before["enable_hashjoin"] == "on"
    with connection.cursor() as cursor, export_copy.statement_settings(cursor):
        assert current_settings() == dict(export_copy.SESSION_SETTINGS)
    assert current_settings() == before

    assert copy_file(Submission.objects.all())[1] == 6
    assert current_settings() == before


def test_a_reader_that_stops_early_leaves_the_session_as_it_was(monkeypatch, rich_evidence):
    before = current_settings()
    monkeypatch.setattr(export_copy, "BATCH_BYTES", 1)  # one row a batch
    chunks = export_copy.copy_chunks(Submission.objects.all(), on_done=lambda rows: None)
    next(chunks)  # the header
    next(chunks)  # one row, the COPY under way
    chunks.close()
    assert current_settings() == before
