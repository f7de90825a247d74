"""The subject-access action on the submission list (evidence.admin.subject_access): Grace and Dave give
a member's ZIP; Alice, of the Education Team alone, is not offered it and cannot run it.
"""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from evidence.admin import subject_access
from evidence.models import AuditEvent
from tests.factories import SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")
ACTION = "give_personal_data"


@pytest.fixture
def erins():
    first = SubmissionFactory(email="erin@example.org")
    attach_file(first, "plan.pdf", b"%PDF-1.4\n%%EOF\n")
    return [first, SubmissionFactory(email="Erin@Example.org")]


def run(client, submissions):
    return client.post(LIST, {"action": ACTION, "_selected_action": [s.pk for s in submissions]})


@pytest.mark.parametrize("person", ["grace", "dave"])
def test_grace_and_dave_get_the_zip_of_the_chosen_submissions(client, request, person, erins):
    sign_in(client, request.getfixturevalue(person))

    response = run(client, erins)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    held = json.loads(archive.read("data.json"))
    assert sorted(s["reference"] for s in held["submissions"]) == sorted(s.reference for s in erins)
    assert "summary.html" in archive.namelist()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert event.actor == person and event.detail.startswith("admin:")


def test_alice_is_not_offered_the_action_and_cannot_run_it(client, alice, erins):
    sign_in(client, alice)

    assert ACTION not in client.get(LIST).content.decode()
    response = run(client, erins)

    assert response.get("Content-Type") != "application/zip"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).exists()


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
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).exists()
