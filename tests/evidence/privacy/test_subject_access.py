"""Subject access (evidence.privacy.subject_access): the ZIP of everything held about a member, found by
address in any case or by reference, built in a temporary file, and recorded by reference only.

Erin is the member here: she sent two pieces of evidence with her address, one with a file, answers to
two themes, a note and a change by Alice, and an acknowledgement in the outbox.
"""

import io
import json
import zipfile

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from evidence.models import ANSWER_MODELS, AuditEvent, OutboundEmail, Submission, WorkloadAnswer
from evidence.privacy import subject_access
from evidence.privacy.subject_access import personal_data_zip, submissions_for
from evidence.triage import changes
from tests.factories import (
    OutboundEmailFactory,
    SubmissionFactory,
    SvDbvAnswerFactory,
    TriageNoteFactory,
    attach_file,
    theme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]
PDF = b"%PDF-1.4\nErin's banding letter\n%%EOF\n"


@pytest.fixture
def erins(alice):
    first = SubmissionFactory(
        themes=["workload", "sv-dbv"],
        name="Erin Evans",
        email="Erin.Evans@Example.org",
        membership_number="N123456",
        consent_to_contact=True,
        experience="Our SENCO spends two days a week on paperwork.",
    )
    WorkloadAnswer.objects.create(submission=first, cause_ehcp_processes=True, details="EHCP reviews.")
    SvDbvAnswerFactory(submission=first)
    attach_file(first, "../../etc/Banding letter.pdf", PDF)
    TriageNoteFactory(submission=first, author=alice, text="Rang Erin back.")
    changes.set_status(submissions=[first], status="in-review", by=alice)
    changes.set_staff_themes(submission=first, themes=[theme("training")], by=alice)
    OutboundEmailFactory(
        idempotency_key=f"ack:{first.reference}", to=first.email, status=OutboundEmail.Status.SENT
    )
    second = SubmissionFactory(email="erin.evans@example.org", experience="Banding was cut again.")
    return [first, second]


def opened(data) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data.file.read()))


def test_it_finds_a_members_submissions_by_address_whatever_its_case(erins):
    SubmissionFactory(email="someone.else@example.org")

    found = submissions_for(email=" ERIN.EVANS@example.ORG ")

    assert sorted(s.reference for s in found) == sorted(s.reference for s in erins)


def test_it_finds_submissions_by_reference(erins):
    found = submissions_for(references=[erins[1].reference.lower()])

    assert [s.reference for s in found] == [erins[1].reference]


def test_the_zip_holds_a_summary_the_data_and_the_files(erins):
    data = personal_data_zip(submissions=erins, by="grace", via="admin", email="erin.evans@example.org")

    archive = opened(data)
    attachment = erins[0].attachments.get()
    in_zip = f"files/{erins[0].reference}/{attachment.pk}-Banding letter.pdf"
    assert sorted(archive.namelist()) == sorted(["summary.html", "data.json", in_zip])
    assert archive.read(in_zip) == PDF
    assert data.file_count == 1
    assert data.references == [s.reference for s in erins]


def test_data_json_holds_every_field_of_each_submission_and_its_answers(erins):
    archive = opened(personal_data_zip(submissions=erins, by="grace", via="admin"))
    held = json.loads(archive.read("data.json"))

    first = held["submissions"][0]
    submission_fields = {f.name for f in Submission._meta.concrete_fields} - {"id"}
    assert submission_fields <= set(first)
    for slug in ("workload", "sv-dbv"):
        answer_fields = {f.name for f in ANSWER_MODELS[slug]._meta.concrete_fields} - {"id", "submission"}
        assert set(first["answers"][slug]) == answer_fields
    assert (first["name"], first["email"], first["membership_number"]) == (
        "Erin Evans",
        "Erin.Evans@Example.org",
        "N123456",
    )
    assert (first["consent_to_contact"], first["consent_to_quote"]) == (True, False)
    assert first["status"] == "in-review"
    assert first["answers"]["workload"]["cause_ehcp_processes"] is True
    assert (
        first["themes"] == ["Workload", "Safety Valve and Delivering Better Value"]
        or len(first["themes"]) == 2
    )
    assert first["staff_themes"] == [theme("training").name]


def test_data_json_holds_the_files_metadata_the_triage_history_and_the_emails(erins):
    held = json.loads(opened(personal_data_zip(submissions=erins, by="grace", via="admin")).read("data.json"))

    first = held["submissions"][0]
    (attachment,) = first["attachments"]
    assert attachment["original_name"] == "../../etc/Banding letter.pdf"
    assert (attachment["size"], attachment["content_type"]) == (len(PDF), "application/pdf")
    assert attachment["in_zip"].endswith("-Banding letter.pdf")
    assert [(n["by"], n["text"]) for n in first["triage_notes"]] == [("alice", "Rang Erin back.")]
    assert [(c["by"], c["field"], c["to"]) for c in first["history"]] == [
        ("alice", "status", "In review"),
        ("alice", "staff_themes", theme("training").name),
    ]
    (email,) = held["emails"]
    assert (email["status"], email["to"]) == ("Sent", "Erin.Evans@Example.org")
    assert email["subject"].endswith(erins[0].reference)
    assert held["saved_forms"] == []


def test_emails_written_to_the_address_asked_about_are_included(erins):
    OutboundEmailFactory(idempotency_key="save:1", to="ERIN.evans@example.org", subject="Your saved form")
    OutboundEmailFactory(idempotency_key="digest:2026-W48", to="education@example.org")

    held = json.loads(
        opened(
            personal_data_zip(submissions=erins, by="", via="command", email="erin.evans@example.org")
        ).read("data.json")
    )

    assert sorted(e["subject"] for e in held["emails"])[-1] == "Your saved form"
    assert len(held["emails"]) == 2


def test_the_summary_is_plain_readable_html_without_script(erins):
    erins[0].experience = '<script>alert("x")</script> and a lot of paperwork'
    erins[0].save()

    summary = (
        opened(personal_data_zip(submissions=erins, by="grace", via="admin")).read("summary.html").decode()
    )

    assert summary.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in summary
    assert "<script" not in summary and "style" not in summary
    assert "&lt;script&gt;" in summary
    for words in (
        "Erin Evans",
        erins[0].reference,
        erins[1].reference,
        "Rang Erin back.",
        "Banding letter.pdf",
    ):
        assert words in summary


def test_a_file_no_longer_stored_is_listed_but_not_in_the_zip(erins):
    attachment = erins[0].attachments.get()
    attachment.file.storage.delete(attachment.file.name)

    data = personal_data_zip(submissions=erins, by="grace", via="admin")
    held = json.loads(opened(data).read("data.json"))

    assert held["submissions"][0]["attachments"][0]["in_zip"] is None
    assert data.file_count == 0


def test_it_is_recorded_by_reference_never_by_address(erins):
    personal_data_zip(submissions=erins, by="grace", via="admin", email="erin.evans@example.org")

    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert (event.actor, event.target) == ("grace", ", ".join(s.reference for s in erins))
    assert event.detail == "admin: 2 submission(s), 1 file(s)"
    assert "example.org" not in f"{event.target} {event.detail}".lower()


def test_the_zip_spills_to_disk_beyond_the_spool_size(erins, monkeypatch):
    monkeypatch.setattr(subject_access, "SPOOL_BYTES", 100)

    data = personal_data_zip(submissions=erins, by="grace", via="admin")

    assert data.file._rolled  # type: ignore[attr-defined]
    assert (
        opened(data).read(f"files/{erins[0].reference}/{erins[0].attachments.get().pk}-Banding letter.pdf")
        == PDF
    )


def test_files_are_read_through_the_storage_api(erins, monkeypatch):
    storage = erins[0].attachments.get().file.storage
    read = []
    original = type(storage).open

    def spy(self, name, mode="rb"):
        read.append(name)
        return original(self, name, mode)

    monkeypatch.setattr(type(storage), "open", spy)

    personal_data_zip(submissions=erins, by="grace", via="admin")

    assert read == [erins[0].attachments.get().file.name]


def test_every_concrete_field_is_a_model_field_the_json_can_hold():
    # A new kind of column (a decimal, a JSON field) would need thought here before it reaches a member.
    kinds = {type(f) for model in (Submission, *ANSWER_MODELS.values()) for f in model._meta.concrete_fields}
    assert kinds <= {
        models.AutoField,
        models.BigAutoField,
        models.BooleanField,
        models.CharField,
        models.DateTimeField,
        models.EmailField,
        models.ForeignKey,
        models.OneToOneField,
        models.PositiveSmallIntegerField,
        models.TextField,
        models.URLField,
        models.UUIDField,
    }


def test_the_queries_do_not_grow_with_the_number_of_submissions(alice):
    def queries_for(count: int) -> int:
        submissions = []
        for _ in range(count):
            submission = SubmissionFactory(email="erin@example.org", themes=["workload"])
            WorkloadAnswer.objects.create(submission=submission, details="Paperwork.")
            TriageNoteFactory(submission=submission, author=alice)
            changes.set_status(submissions=[submission], status="in-review", by=alice)
            submissions.append(submission)
        with CaptureQueriesContext(connection) as captured:
            personal_data_zip(submissions=submissions, by="grace", via="admin", email="erin@example.org")
        return len(captured)

    assert queries_for(1) == queries_for(5)
