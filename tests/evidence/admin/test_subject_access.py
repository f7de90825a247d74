"""Subject access in the admin (evidence.admin.subject_access): Grace and Dave ask for a member's ZIP from
the submission list, follow it on its status page and download it; Alice, of the Education Team alone,
is not offered the action and can neither open the status page nor download the ZIP. Tasks run
in-process here; tests/integration/test_subject_access_worker.py runs a real worker.
"""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.admin import subject_access
from evidence.models import AuditEvent, PersonalDataRequest
from tests.factories import SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")
ACTION = "give_personal_data"
Status = PersonalDataRequest.Status


@pytest.fixture
def erins():
    first = SubmissionFactory(email="erin@example.org")
    attach_file(first, "plan.pdf", b"%PDF-1.4\n%%EOF\n")
    return [first, SubmissionFactory(email="Erin@Example.org")]


def run(client, submissions):
    return client.post(LIST, {"action": ACTION, "_selected_action": [s.pk for s in submissions]})


def status_url(wanted):
    return reverse("admin:evidence_personaldatarequest_status", args=[wanted.pk])


def download_url(wanted):
    return reverse("admin:evidence_personaldatarequest_download", args=[wanted.pk])


def asked(grace, erins, status=Status.QUEUED, **fields):
    wanted = PersonalDataRequest.objects.create(requested_by=grace, status=status, **fields)
    wanted.held.create(submission_id=erins[0].pk)
    return wanted


@pytest.mark.parametrize("person", ["grace", "dave"])
def test_grace_and_dave_ask_for_the_zip_follow_it_and_download_it(
    client, request, person, erins, django_capture_on_commit_callbacks
):
    sign_in(client, request.getfixturevalue(person))

    with django_capture_on_commit_callbacks(execute=True):
        response = run(client, erins)

    wanted = PersonalDataRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(wanted)
    status = client.get(status_url(wanted))
    page = status.content.decode()
    assert "Ready to download" in page and "Refresh" not in status
    assert all(s.reference in page for s in erins)
    download = client.get(download_url(wanted))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert {"private", "no-store"} <= set(download["Cache-Control"].split(", "))
    assert download["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    held = json.loads(archive.read("data.json"))
    assert sorted(s["reference"] for s in held["submissions"]) == sorted(s.reference for s in erins)
    assert "summary.html" in archive.namelist()
    made = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert made.actor == person and made.detail.startswith("admin, request")


def test_each_download_is_on_record_with_the_request_and_references_never_the_address(
    client, grace, erins, django_capture_on_commit_callbacks
):
    sign_in(client, grace)
    with django_capture_on_commit_callbacks(execute=True):
        run(client, erins)
    wanted = PersonalDataRequest.objects.get()

    for _ in range(2):
        b"".join(client.get(download_url(wanted)).streaming_content)

    events = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_PERSONAL_DATA)
    assert events.count() == 2
    event = events.first()
    assert event.actor == "grace"
    assert event.target == ", ".join(sorted(s.reference for s in erins))
    assert event.detail == f"request {wanted.pk}: 2 submission(s), 1 file(s)"
    assert "example.org" not in (event.target + event.detail).lower()


def test_a_zip_being_made_says_so_and_asks_the_browser_to_check_again(client, grace, erins):
    wanted = asked(grace, erins, status=Status.RUNNING)
    sign_in(client, grace)

    response = client.get(status_url(wanted))

    page = response.content.decode()
    assert response["Refresh"] == str(subject_access.REFRESH_SECONDS)
    assert "Being made" in page and "Check again" in page and erins[0].reference in page
    assert client.get(download_url(wanted)).status_code == 404


def test_a_zip_still_not_made_after_twenty_minutes_says_the_worker_has_stopped(client, grace, erins):
    wanted = asked(grace, erins, requested_at=timezone.now() - timedelta(minutes=21))
    sign_in(client, grace)

    response = client.get(status_url(wanted))

    assert "Refresh" not in response
    assert "the worker has probably stopped" in response.content.decode()


def test_a_failed_zip_shows_why(client, grace, erins):
    wanted = asked(grace, erins, status=Status.FAILED, note="The worker could not be reached.")
    sign_in(client, grace)

    response = client.get(status_url(wanted))

    assert response.status_code == 200 and "Refresh" not in response
    assert "The worker could not be reached." in response.content.decode()
    assert client.get(download_url(wanted)).status_code == 404


def test_alice_is_not_offered_the_action_and_can_neither_run_it_nor_follow_nor_download_a_zip(
    client, alice, grace, erins, django_capture_on_commit_callbacks
):
    sign_in(client, alice)

    assert ACTION not in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        run(client, erins)
    assert not PersonalDataRequest.objects.exists()

    wanted = asked(grace, erins, status=Status.READY)
    assert client.get(status_url(wanted)).status_code == 403
    assert client.get(download_url(wanted)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_PERSONAL_DATA).exists()


def test_charlie_with_a_stray_permission_cannot_download_a_zip(client, charlie, grace, erins):
    from django.contrib.auth.models import Permission

    charlie.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    wanted = asked(grace, erins, status=Status.READY)
    sign_in(client, charlie)

    assert client.get(download_url(wanted)).status_code == 403


def test_grace_sees_the_requests_still_stored_and_alice_does_not(client, grace, alice, erins):
    wanted = asked(grace, erins, status=Status.READY)
    requests = reverse("admin:evidence_personaldatarequest_changelist")

    sign_in(client, grace)
    assert status_url(wanted) in client.get(requests).content.decode()
    sign_in(client, alice)
    assert client.get(requests).status_code == 403


def test_grace_is_offered_the_action(client, grace, erins):
    sign_in(client, grace)

    assert f'value="{ACTION}"' in client.get(LIST).content.decode()


def test_a_selection_larger_than_one_members_is_refused_with_a_message(client, grace, erins, monkeypatch):
    monkeypatch.setattr(subject_access, "MOST_SUBMISSIONS", 1)
    sign_in(client, grace)

    response = run(client, erins)

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Choose at most 1 submissions: search for the member's email address, then select their submissions."
    ]
    assert not PersonalDataRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).exists()
