"""What the audit log records (evidence.privacy.audit): Alice opening, downloading, searching and
exporting in the admin, every staff sign-in (Alice's, and a failed one with only the username typed),
and the retention purge, the only code that deletes events.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import AuditEvent, EvidenceExport
from evidence.privacy.audit import purge_access_log
from tests.factories import PASSWORD, SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
LIST = reverse("admin:evidence_submission_changelist")


def page(submission):
    return reverse("admin:evidence_submission_change", args=[submission.pk])


def logged(*, but=(Action.SIGN_IN,)) -> list[tuple[str, str, str, str]]:
    """The log, oldest first, as (actor, action, target, detail); sign-ins left out unless asked for."""
    events = AuditEvent.objects.exclude(action__in=but).order_by("at", "id")
    return [(e.actor, e.action, e.target, e.detail) for e in events]


@pytest.fixture
def alice_signed_in(client, alice):
    return sign_in(client, alice)


# --- Reading evidence in the admin ------------------------------------------------------------------


def test_opening_a_submission_records_who_opened_which(alice_signed_in):
    submission = SubmissionFactory()

    assert alice_signed_in.get(page(submission)).status_code == 200

    assert logged() == [("alice", Action.VIEW_SUBMISSION, submission.reference, "")]


def test_saving_the_page_is_a_triage_change_not_a_reading(alice_signed_in):
    submission = SubmissionFactory()
    form = {"status": "in-review", "priority": "2", "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"}

    response = alice_signed_in.post(page(submission), form)

    assert response.status_code == 302
    assert logged() == []


def test_a_submission_that_does_not_exist_records_nothing(alice_signed_in):
    alice_signed_in.get(reverse("admin:evidence_submission_change", args=[999999]))

    assert logged() == []


def test_downloading_a_file_records_the_reference_and_the_file_id_not_its_name(alice_signed_in):
    attachment = attach_file(SubmissionFactory(), "Letter about Jo Bloggs.pdf", b"%PDF-1.4\n%%EOF\n")
    url = reverse("admin:evidence_submission_attachment", args=[attachment.submission_id, attachment.pk])

    assert alice_signed_in.get(url).status_code == 200

    reference = attachment.submission.reference
    assert logged() == [("alice", Action.DOWNLOAD_FILE, f"{reference} file {attachment.pk}", "")]
    assert "Bloggs" not in str(logged())


def test_a_file_no_longer_stored_is_not_recorded_as_downloaded(alice_signed_in):
    attachment = attach_file(SubmissionFactory(), "plan.pdf", b"%PDF-1.4\n%%EOF\n")
    attachment.file.storage.delete(attachment.file.name)
    url = reverse("admin:evidence_submission_attachment", args=[attachment.submission_id, attachment.pk])

    assert alice_signed_in.get(url).status_code == 404

    assert logged() == []


def test_a_search_keeps_the_term_as_typed(alice_signed_in):
    alice_signed_in.get(LIST, {"q": "  Okafor Kent "})

    assert logged() == [("alice", Action.SEARCH, "", "Okafor Kent")]


def test_the_list_without_a_search_records_nothing(alice_signed_in):
    alice_signed_in.get(LIST, {"status__exact": "new"})

    assert logged() == []


def test_an_action_posted_from_a_searched_list_is_not_a_second_search(alice_signed_in):
    submission = SubmissionFactory()

    alice_signed_in.post(f"{LIST}?q=Okafor", {"action": "assign_to_me", "_selected_action": [submission.pk]})

    assert logged() == []


def test_an_export_is_recorded_beside_its_export_row(alice_signed_in):
    SubmissionFactory()

    response = alice_signed_in.get(reverse("admin:evidence_submission_export"), {"status__exact": "new"})
    b"".join(response.streaming_content)

    export = AuditEvent.objects.get(action=Action.EXPORT)
    record = EvidenceExport.objects.get()
    assert (export.actor, export.target, export.detail) == (
        "alice",
        f"export {record.pk}",
        "status__exact=new",
    )
    assert record.row_count == 1


def test_the_people_who_see_no_evidence_leave_no_reading_in_the_log(client, bob):
    submission = SubmissionFactory()
    sign_in(client, bob)

    assert client.get(page(submission)).status_code == 403
    assert client.get(LIST, {"q": "Okafor"}).status_code == 403

    assert logged() == []


# --- Sign-ins -----------------------------------------------------------------------------------------


def sign_in_request():
    """django-axes checks every sign-in against its lockout, so ``client.login`` needs a request."""
    from django.test import RequestFactory

    return RequestFactory().post("/admin/login/")


def test_a_staff_sign_in_and_sign_out_are_recorded(client, alice):
    assert client.login(request=sign_in_request(), username="alice", password=PASSWORD)
    client.logout()

    assert logged(but=()) == [("alice", Action.SIGN_IN, "", ""), ("alice", Action.SIGN_OUT, "", "")]


def test_a_failed_sign_in_keeps_the_username_typed_and_never_the_password(client, alice):
    assert not client.login(request=sign_in_request(), username="alice", password="not-her-password-at-all")

    assert logged(but=()) == [("alice", Action.SIGN_IN_FAILED, "", "the username typed")]
    assert not AuditEvent.objects.filter(detail__contains="not-her-password").exists()


def test_a_failed_sign_in_through_the_admin_form_is_recorded(client):
    client.post(reverse("admin:login"), {"username": "mallory", "password": "guess-number-one"})

    assert logged(but=()) == [("mallory", Action.SIGN_IN_FAILED, "", "the username typed")]


def test_a_member_signing_in_is_not_a_staff_sign_in(client, erin):
    assert client.login(request=sign_in_request(), username="erin", password=PASSWORD)

    assert logged(but=()) == []


# --- Retention ----------------------------------------------------------------------------------------


def event_aged(days: float, target: str) -> AuditEvent:
    return AuditEvent.objects.create(
        action=Action.VIEW_SUBMISSION, actor="alice", target=target, at=timezone.now() - timedelta(days=days)
    )


def test_the_purge_deletes_events_older_than_the_retention_period_and_keeps_the_rest(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    for number in range(7):
        event_aged(31 + number, f"old {number}")
    event_aged(29, "kept")

    assert purge_access_log(batch_size=3) == 7

    assert list(AuditEvent.objects.values_list("target", flat=True)) == ["kept"]
    assert purge_access_log() == 0


def test_the_purge_follows_the_setting(settings):
    event_aged(3, "three days old")
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    assert purge_access_log() == 0
    settings.ACCESS_LOG_RETENTION_DAYS = 1
    assert purge_access_log() == 1


LOCAL = {"DJANGO_DEBUG": "1"}


def test_the_retention_setting_defaults_to_730_days_and_refuses_less_than_one():
    from tests.foundation.test_settings import django

    shown = django("from django.conf import settings; print(settings.ACCESS_LOG_RETENTION_DAYS)", LOCAL)
    refused = django("", {**LOCAL, "ACCESS_LOG_RETENTION_DAYS": "0"})

    assert shown.stdout.strip() == "730"
    assert "ACCESS_LOG_RETENTION_DAYS must be at least 1" in refused.stderr
