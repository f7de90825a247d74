"""The privacy notice's promises kept by the retention purge, the clean-up of abandoned forms, erasure,
subject access, corrections, restriction, the audit log and the weekly figures.

Written against the contracts issue 11 names (the commands ``purge_expired_evidence``,
``purge_abandoned_journeys``, ``erase_evidence``, ``export_personal_data``, ``purge_access_log``; the
models ``AuditEvent`` and ``WeeklyFigure``; ``Submission.restricted``), before the code that keeps
them was merged: each calls the command or the admin page as a member's request would be met, then
checks the effect the notice promises. Where the delivered interface differs (an admin action's
name, a form field), adjust the call, never the promise.
"""

import io
import json
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from evidence.models import (
    Attachment,
    AuditEvent,
    OutboundEmail,
    Submission,
    SubmissionChange,
    TriageNote,
    WeeklyFigure,
)
from evidence.weeks import IsoWeek
from tests.evidence.stored import until_the_next_second
from tests.files import tiny_file, upload
from tests.journeys import answer_evidence_steps, evidence_answers, send_evidence
from tests.staff import sign_in

pytestmark = [pytest.mark.django_db]

LONDON = ZoneInfo("Europe/London")
NAME, EMAIL, NUMBER = "Perpetua Wrenfield", "p.wrenfield@example.org", "NAS44556"
WORDS = "The banding panel met twice in the whole autumn term."
FILE = tiny_file("pdf")


def member_answers(email: str = EMAIL) -> dict[str, dict]:
    answers = evidence_answers()
    answers["your-experience"] = {"experience": WORDS}
    answers["contact-details"] = {
        "name": NAME,
        "email": email,
        "membership_number": NUMBER,
        "consent_to_contact": "on",
        "consent_to_quote": "on",
    }
    return answers


def sent(client, django_capture_on_commit_callbacks, *, email: str = EMAIL) -> Submission:
    """Evidence sent through the form with a file, as the member would: the newest submission."""
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_evidence(client, member_answers(email), files=[upload("letter.pdf", FILE)])
    return Submission.objects.order_by("-id").first()


def received_on(submission: Submission, moment: datetime) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(received_at=moment)
    submission.refresh_from_db()
    return submission


def week_total(submission: Submission) -> int:
    week = str(IsoWeek.current(submission.received_at))
    return WeeklyFigure.objects.filter(week=week, dimension="all").aggregate(n=Sum("count"))["n"] or 0


def figures() -> dict[tuple[str, str, str], int]:
    return {(f.week, f.dimension, f.value): f.count for f in WeeklyFigure.objects.all()}


def everything_held_about(submission: Submission, file_path: Path) -> dict[str, bool]:
    return {
        "submission": Submission.objects.filter(pk=submission.pk).exists(),
        "file": file_path.exists(),
        "notes": TriageNote.objects.filter(submission_id=submission.pk).exists(),
        "acknowledgement": OutboundEmail.objects.filter(
            idempotency_key=f"ack:{submission.reference}"
        ).exists(),
    }


def with_a_note(submission: Submission, author) -> Submission:
    TriageNote.objects.create(submission=submission, author=author, text="Rang the member back.")
    return submission


# --- How long we keep it --------------------------------------------------------------------------


def test_evidence_older_than_the_retention_period_goes_with_its_files_notes_and_email(
    client, settings, alice, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old = with_a_note(sent(client, django_capture_on_commit_callbacks), alice)
    old_file = Attachment.objects.get(submission=old).file.path
    received_on(old, timezone.now() - timedelta(days=32))
    recent = sent(client, django_capture_on_commit_callbacks)
    recent_file = Attachment.objects.get(submission=recent).file.path

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_evidence", stdout=io.StringIO())

    assert everything_held_about(old, Path(old_file)) == dict.fromkeys(
        ["submission", "file", "notes", "acknowledgement"], False
    )
    assert Submission.objects.filter(pk=recent.pk).exists() and Path(recent_file).exists()


def test_with_0_days_evidence_goes_once_the_day_it_was_sent_is_over(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_RETENTION_DAYS = 0
    today = timezone.localdate(timezone=LONDON)
    midnight = datetime.combine(today, time(0, 0), tzinfo=LONDON)
    yesterday = received_on(sent(client, django_capture_on_commit_callbacks), midnight - timedelta(minutes=1))
    today_s = received_on(sent(client, django_capture_on_commit_callbacks), midnight + timedelta(seconds=30))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_evidence", stdout=io.StringIO())

    assert not Submission.objects.filter(pk=yesterday.pk).exists()
    assert Submission.objects.filter(pk=today_s.pk).exists()


def test_the_weekly_figures_outlive_the_evidence_they_count(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old = sent(client, django_capture_on_commit_callbacks)
    received_on(old, timezone.now() - timedelta(days=60))
    before = figures()
    assert before, "the evidence was counted when it arrived"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_evidence", stdout=io.StringIO())

    assert not Submission.objects.exists()
    assert figures() == before


# --- While you fill in the form -------------------------------------------------------------------


def test_the_answers_and_files_of_a_form_whose_session_ended_are_deleted_by_the_hourly_clean_up(
    client, settings
):
    pending = settings.EVIDENCE_ATTACHMENT_ROOT / "pending"
    answer_evidence_steps(client, member_answers(), files=[upload("letter.pdf", FILE)])
    abandoned_key = client.session.session_key
    [abandoned] = list(pending.iterdir())
    client.cookies.clear()
    answer_evidence_steps(client, member_answers(), files=[upload("letter.pdf", FILE)])
    live_key = client.session.session_key
    [live] = [folder for folder in pending.iterdir() if folder != abandoned]
    Session.objects.filter(session_key=abandoned_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    until_the_next_second()
    call_command("purge_abandoned_journeys", stdout=io.StringIO())

    assert not abandoned.exists()
    assert not Session.objects.filter(session_key=abandoned_key).exists()
    assert live.exists() and Session.objects.filter(session_key=live_key).exists()


# --- Your rights ----------------------------------------------------------------------------------


def test_a_member_gets_a_zip_of_everything_held_about_them(
    client, alice, tmp_path, django_capture_on_commit_callbacks
):
    submission = with_a_note(sent(client, django_capture_on_commit_callbacks), alice)
    acknowledgement = OutboundEmail.objects.get(idempotency_key=f"ack:{submission.reference}")
    out = tmp_path / "subject-access.zip"

    call_command("export_personal_data", "--email", EMAIL, "--out", str(out), stdout=io.StringIO())

    with zipfile.ZipFile(out) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    assert any(name.endswith(".html") for name in contents), "a readable summary"
    data = [json.loads(body) for name, body in contents.items() if name.endswith(".json")]
    assert data and NAME in json.dumps(data) and submission.reference in json.dumps(data)
    assert FILE in contents.values(), "the file itself"
    everything = b"\n".join(contents.values()).decode("utf-8", "replace")
    assert acknowledgement.subject in everything, "the emails sent"
    assert "Rang the member back." in everything, "the triage history"
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert submission.reference in event.target and EMAIL not in f"{event.target} {event.detail}"


def test_a_member_can_ask_by_reference_for_what_is_held_about_them(
    client, tmp_path, django_capture_on_commit_callbacks
):
    submission = sent(client, django_capture_on_commit_callbacks)
    out = tmp_path / "subject-access.zip"

    call_command(
        "export_personal_data", "--reference", submission.reference, "--out", str(out), stdout=io.StringIO()
    )

    with zipfile.ZipFile(out) as archive:
        assert FILE in [archive.read(name) for name in archive.namelist()]


def test_staff_correct_a_members_contact_details_and_each_change_is_recorded(
    client, grace, django_capture_on_commit_callbacks
):
    submission = sent(client, django_capture_on_commit_callbacks)
    sign_in(client, grace)

    response = client.post(
        reverse("admin:evidence_submission_correct", args=[submission.pk]),
        correction(submission, email="perpetua@example.net", consent_to_contact=""),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    submission.refresh_from_db()
    assert (submission.email, submission.consent_to_contact) == ("perpetua@example.net", False)
    changed = {(c.field, c.changed_by) for c in SubmissionChange.objects.filter(submission=submission)}
    assert {("email", grace), ("consent_to_contact", grace)} <= changed
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CORRECT, actor="grace").exists()


def test_a_member_withdraws_their_agreement_to_be_quoted(client, grace, django_capture_on_commit_callbacks):
    submission = sent(client, django_capture_on_commit_callbacks)
    sign_in(client, grace)

    client.post(
        reverse("admin:evidence_submission_correct", args=[submission.pk]),
        correction(submission, consent_to_quote=""),
    )

    submission.refresh_from_db()
    assert submission.consent_to_quote is False
    assert SubmissionChange.objects.filter(submission=submission, field="consent_to_quote").exists()


def correction(submission: Submission, **changes) -> dict:
    """The correction page as sent with ``changes`` (an empty string unticks a consent)."""
    data = {
        "name": submission.name,
        "email": submission.email,
        "membership_number": submission.membership_number,
        "consent_to_contact": "on" if submission.consent_to_contact else "",
        "consent_to_quote": "on" if submission.consent_to_quote else "",
    } | changes
    return {field: value for field, value in data.items() if value != "" or field in {"name", "email"}}


def test_erasing_a_members_evidence_deletes_it_everywhere_and_takes_it_out_of_the_figures(
    client, alice, django_capture_on_commit_callbacks
):
    submission = with_a_note(sent(client, django_capture_on_commit_callbacks), alice)
    file_path = Path(Attachment.objects.get(submission=submission).file.path)
    counted = week_total(submission)
    assert counted >= 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_evidence", submission.reference, stdout=io.StringIO())

    assert everything_held_about(submission, file_path) == dict.fromkeys(
        ["submission", "file", "notes", "acknowledgement"], False
    )
    assert week_total(submission) == counted - 1
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.ERASE)
    assert submission.reference in event.target
    assert EMAIL not in f"{event.target} {event.detail}" and WORDS not in event.detail


def test_a_member_can_ask_by_email_address_for_all_their_evidence_to_be_erased(
    client, django_capture_on_commit_callbacks
):
    first = sent(client, django_capture_on_commit_callbacks)
    second = sent(client, django_capture_on_commit_callbacks)
    someone_else = sent(client, django_capture_on_commit_callbacks, email="someone.else@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_evidence", "--email", EMAIL, stdout=io.StringIO())

    assert list(Submission.objects.values_list("pk", flat=True)) == [someone_else.pk]
    assert not Submission.objects.filter(pk__in=[first.pk, second.pk]).exists()


def test_restricted_evidence_stays_out_of_the_figures_and_exports_until_the_restriction_is_lifted(
    client, grace, django_capture_on_commit_callbacks
):
    submission = sent(client, django_capture_on_commit_callbacks)
    counted = week_total(submission)
    sign_in(client, grace)
    changelist = reverse("admin:evidence_submission_changelist")

    client.post(changelist, {"action": "restrict_selected", "_selected_action": [submission.pk]})

    submission.refresh_from_db()
    assert submission.restricted is True
    assert week_total(submission) == counted - 1
    export = client.get(reverse("admin:evidence_submission_export"))
    assert submission.reference not in b"".join(export.streaming_content).decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESTRICT).exists()

    client.post(changelist, {"action": "lift_restriction_selected", "_selected_action": [submission.pk]})

    submission.refresh_from_db()
    assert submission.restricted is False
    assert week_total(submission) == counted
    export = client.get(reverse("admin:evidence_submission_export"))
    assert submission.reference in b"".join(export.streaming_content).decode()


# --- We record what our staff do with it ----------------------------------------------------------


def test_opening_downloading_and_searching_are_recorded_search_words_included(
    client, alice, django_capture_on_commit_callbacks
):
    submission = sent(client, django_capture_on_commit_callbacks)
    attachment = Attachment.objects.get(submission=submission)
    sign_in(client, alice)

    client.get(reverse("admin:evidence_submission_changelist"), {"q": "Wrenfield"})
    client.get(reverse("admin:evidence_submission_change", args=[submission.pk]))
    client.get(reverse("admin:evidence_submission_attachment", args=[submission.pk, attachment.pk]))

    events = {(e.action, e.actor) for e in AuditEvent.objects.all()}
    assert {
        (AuditEvent.Action.SEARCH, "alice"),
        (AuditEvent.Action.VIEW_SUBMISSION, "alice"),
        (AuditEvent.Action.DOWNLOAD_FILE, "alice"),
    } <= events
    assert AuditEvent.objects.get(action=AuditEvent.Action.SEARCH).detail.find("Wrenfield") >= 0
    assert submission.reference in AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SUBMISSION).target


def test_only_administrators_read_the_audit_log_and_nobody_changes_it(client, alice, dave):
    event = AuditEvent.objects.create(action=AuditEvent.Action.SEARCH, actor="alice", detail="Wrenfield")
    changelist = reverse("admin:evidence_auditevent_changelist")

    sign_in(client, alice)
    assert client.get(changelist).status_code == 403
    client.logout()
    sign_in(client, dave)
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:evidence_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:evidence_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_each_audit_entry_is_deleted_after_the_period_the_notice_states(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    old = AuditEvent.objects.create(
        action=AuditEvent.Action.SEARCH, actor="alice", at=timezone.now() - timedelta(days=731)
    )
    recent = AuditEvent.objects.create(
        action=AuditEvent.Action.SEARCH, actor="alice", at=timezone.now() - timedelta(days=729)
    )

    call_command("purge_access_log", stdout=io.StringIO())

    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
