"""The privacy controls of the submission admin (evidence.admin.privacy and SubmissionAdmin): Alice
restricts and lifts; only Grace and Dave may erase, by the plain delete or the bulk action, and both go
through the erasure service."""

import pytest
from django.urls import reverse

from evidence.models import Attachment, AuditEvent, OutboundEmail, Submission
from evidence.storage import AttachmentStorage
from tests.evidence.admin.test_submission import _form
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import OutboundEmailFactory, SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def page(submission):
    return reverse("admin:evidence_submission_change", args=[submission.pk])


def delete_page(submission):
    return reverse("admin:evidence_submission_delete", args=[submission.pk])


def act(client, action, submissions, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in submissions], **extra}
    return client.post(LIST, data, follow=True)


def messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def actions_offered(client) -> set[str]:
    response = client.get(LIST)
    return {name for name, _ in response.context["action_form"].fields["action"].choices if name}


# --- Restriction --------------------------------------------------------------------------------------


def test_alice_restricts_and_lifts_from_the_list(client, alice):
    submissions = SubmissionFactory.create_batch(2)
    counted_in(submissions)
    sign_in(client, alice)

    response = act(client, "restrict_selected", submissions)
    assert messages(response) == [
        "2 submissions restricted: left out of figures, exports and the digest until lifted."
    ]
    assert Submission.objects.filter(restricted=True).count() == 2
    assert not any(dimension == "all" for _, dimension, _ in weekly_figures())

    response = act(client, "lift_restriction_selected", submissions[:1])
    assert messages(response) == ["Restriction lifted on 1 submission."]
    assert [(e.action, e.actor) for e in AuditEvent.objects.exclude(action="sign-in").order_by("id")] == [
        ("restrict", "alice"),
        ("restrict", "alice"),
        ("unrestrict", "alice"),
    ]


def test_the_page_says_clearly_that_a_submission_is_restricted(client, alice):
    restricted, plain = SubmissionFactory(restricted=True), SubmissionFactory()
    sign_in(client, alice)

    assert 'id="restricted-notice"' in client.get(page(restricted)).content.decode()
    assert 'id="restricted-notice"' not in client.get(page(plain)).content.decode()


def test_alice_restricts_on_the_page_and_it_is_in_the_history(client, alice):
    submission = SubmissionFactory()
    sign_in(client, alice)

    response = client.post(page(submission), _form(submission, restricted="on"))

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.restricted
    html = client.get(page(submission)).content.decode()
    assert "Restriction of processing" in html and "Not restricted" in html
    assert AuditEvent.objects.filter(action__in=["restrict", "unrestrict"]).get().action == "restrict"


def test_the_list_filters_restricted_submissions(client, alice):
    restricted = SubmissionFactory(restricted=True)
    SubmissionFactory()
    sign_in(client, alice)

    response = client.get(LIST, {"restricted__exact": "1"})

    assert [s.reference for s in response.context["cl"].result_list] == [restricted.reference]


# --- Who may erase ------------------------------------------------------------------------------------


def test_alice_sees_no_delete_and_no_erase_and_cannot_reach_them(client, alice):
    submission = SubmissionFactory()
    sign_in(client, alice)

    assert not {"delete_selected", "erase_selected"} & actions_offered(client)
    assert "deletelink" not in client.get(page(submission)).content.decode()
    assert client.get(delete_page(submission)).status_code == 403
    assert client.post(delete_page(submission), {"post": "yes"}).status_code == 403
    act(client, "erase_selected", [submission], confirm="yes")
    assert Submission.objects.filter(pk=submission.pk).exists()


@pytest.mark.parametrize("person", ["grace", "dave"])
def test_grace_and_dave_are_offered_the_erase_action_instead_of_djangos_delete(client, person, request):
    sign_in(client, request.getfixturevalue(person))

    offered = actions_offered(client)

    assert "erase_selected" in offered
    assert "delete_selected" not in offered


@pytest.mark.parametrize("person", ["grace", "dave"])
def test_the_plain_delete_warns_then_erases_through_the_service(
    client, person, request, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(person)
    submission = SubmissionFactory(email="erin@example.org")
    name = attach_file(submission, "letter.pdf", b"%PDF-1.4 letter").file.name
    OutboundEmailFactory(idempotency_key=f"ack:{submission.reference}")
    counted_in([submission])
    sign_in(client, user)

    warning = client.get(delete_page(submission))
    assert warning.status_code == 200
    assert "Erasing cannot be undone" in warning.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_page(submission), {"post": "yes"})

    assert response.status_code == 302
    assert not Submission.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not Attachment.objects.exists()
    assert not AttachmentStorage().exists(name)
    assert weekly_figures() == {}
    event = AuditEvent.objects.exclude(action="sign-in").get()
    assert (event.action, event.actor, event.target) == ("erase", person, submission.reference)


def test_the_erase_action_asks_for_confirmation_first(client, grace):
    submissions = SubmissionFactory.create_batch(2)
    sign_in(client, grace)

    confirmation = act(client, "erase_selected", submissions)
    html = confirmation.content.decode()
    assert "Erasing cannot be undone" in html
    assert all(s.reference in html for s in submissions)
    assert Submission.objects.count() == 2

    done = act(client, "erase_selected", submissions, confirm="yes")

    assert messages(done) == ["2 submissions erased, with 0 files. This cannot be undone."]
    assert not Submission.objects.exists()
    assert AuditEvent.objects.filter(action="erase", actor="grace").count() == 2
