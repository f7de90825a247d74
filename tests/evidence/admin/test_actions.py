"""Alice's bulk actions on the submission list (evidence.admin.actions): each calls a triage change
and says how many changed.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from evidence.choices import Priority, Status
from evidence.models import EvidenceExport, Submission, SubmissionChange
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


@pytest.fixture(autouse=True)
def alice_at_the_list(client, alice):
    """Each action here is Alice's, run from the submission list."""
    sign_in(client, alice)


def act(client, action, submissions, follow=True, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in submissions], **extra}
    return client.post(LIST, data, follow=follow)


def messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_assign_to_me(client, alice):
    mine = SubmissionFactory(assignee=alice)
    others = SubmissionFactory.create_batch(2)
    response = act(client, "assign_to_me", [mine, *others])
    assert messages(response) == ["2 submissions assigned to you. 1 already so, left as they were."]
    assert set(Submission.objects.values_list("assignee", flat=True)) == {alice.pk}
    assert SubmissionChange.objects.filter(field="assignee", changed_by=alice).count() == 2


def test_assign_to_someone_asks_whom_then_assigns(client, bob, charlie, frank):
    submissions = SubmissionFactory.create_batch(2)
    page = act(client, "assign_to_someone", submissions, follow=False)
    assert page.status_code == 200
    html = page.content.decode()
    assert ">frank<" in html
    assert ">bob<" not in html and ">charlie<" not in html, "only the Education Team is offered"
    refused = act(client, "assign_to_someone", submissions, follow=False, apply="1", assignee=charlie.pk)
    assert refused.status_code == 200  # the page again, with the error
    assert not Submission.objects.filter(assignee__isnull=False).exists()
    done = act(client, "assign_to_someone", submissions, apply="1", assignee=frank.pk)
    assert messages(done) == ["2 submissions assigned to Frank Fisher."]
    assert set(Submission.objects.values_list("assignee", flat=True)) == {frank.pk}


@pytest.mark.parametrize("status", [s for s in Status if s != Status.SPAM])
def test_one_action_per_status(client, status):
    start = Status.CLOSED if status == Status.NEW else Status.NEW
    submissions = SubmissionFactory.create_batch(3, status=start)
    response = act(client, f"set_status_{status.value.replace('-', '_')}", submissions)
    assert messages(response) == [f"3 submissions set to “{status.label.lower()}”."]
    assert set(Submission.objects.values_list("status", flat=True)) == {status.value}


@pytest.mark.parametrize("priority", list(Priority))
def test_set_priority(client, priority):
    start = Priority.LOW if priority != Priority.LOW else Priority.HIGH
    submission = SubmissionFactory(priority=start)
    response = act(client, f"set_priority_{priority.label.lower()}", [submission])
    assert messages(response) == [f"1 submission set to {priority.label.lower()} priority."]
    submission.refresh_from_db()
    assert submission.priority == priority


def test_mark_as_spam(client):
    submissions = SubmissionFactory.create_batch(2)
    response = act(client, "mark_spam", submissions)
    assert messages(response) == ["2 submissions marked as spam."]
    assert set(Submission.objects.values_list("status", flat=True)) == {"spam"}


def test_actions_can_apply_to_everything_the_filters_match(client):
    SubmissionFactory.create_batch(3)
    kept = SubmissionFactory(status=Status.CLOSED)
    response = client.post(
        f"{LIST}?status__exact=new",
        {"action": "set_status_in_review", "select_across": "1", "_selected_action": [kept.pk]},
        follow=True,
    )
    assert messages(response) == ["3 submissions set to “in review”."]
    kept.refresh_from_db()
    assert kept.status == Status.CLOSED


def test_export_selected_streams_the_rows_and_records_the_export(client, alice):
    chosen = SubmissionFactory.create_batch(2)
    SubmissionFactory()
    response = act(client, "export_selected", chosen, follow=False)
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 3
    record = EvidenceExport.objects.get()
    assert (record.exported_by, record.row_count, record.filters) == (alice, 2, "selected")


def test_exporting_all_matching_a_long_list_goes_to_the_worker(client, alice, settings):
    settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS = 2
    sencos = SubmissionFactory.create_batch(3, role="senco")
    SubmissionFactory(role="other")
    response = client.post(
        f"{LIST}?role__exact=senco",
        {"action": "export_selected", "_selected_action": [sencos[0].pk], "select_across": "1"},
    )
    export = EvidenceExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:evidence_evidenceexport_status", args=[export.pk])
    assert (export.exported_by, export.status, export.filters) == (
        alice,
        EvidenceExport.Status.QUEUED,
        "role__exact=senco",
    )


def test_exporting_a_selection_still_streams_whatever_the_limit(client, settings):
    settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS = 2
    chosen = SubmissionFactory.create_batch(3)
    response = act(client, "export_selected", chosen, follow=False)
    assert response.streaming
    assert EvidenceExport.objects.get().status == EvidenceExport.Status.STREAMED


def test_the_export_is_offered_only_with_the_export_permission(client):
    assert "export_selected" in client.get(LIST).content.decode()
    team = Group.objects.get(name="Education Team")
    team.permissions.remove(Permission.objects.get(codename="export_submission"))
    html = client.get(LIST).content.decode()
    assert "export_selected" not in html
    assert "Export this list" not in html


def test_charlie_cannot_run_actions_even_with_stray_permissions(client, charlie):
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "change_submission"])
    )
    sign_in(client, charlie)
    submission = SubmissionFactory()
    response = act(client, "mark_spam", [submission], follow=False)
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Status.NEW
