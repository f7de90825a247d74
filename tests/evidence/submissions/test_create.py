"""submission_create: one transaction for the evidence, its answers, its files and its receipt."""

import hashlib
import uuid

import pytest
from django.core.exceptions import ValidationError

from evidence.choices import Programme, Status, YesNoNotSure
from evidence.models import (
    Attachment,
    OutboundEmail,
    Submission,
    SvDbvAnswer,
    Theme,
    WorkloadAnswer,
    submission_sent,
)
from evidence.models.theme_flags import refresh_theme_flags
from evidence.storage import AttachmentStorage
from evidence.submissions.create import submission_create
from evidence.submissions.draft import AboutYou, ContactDetails, SubmissionDraft
from evidence.submissions.file_types import PDF, TXT
from evidence.submissions.uploads import pending_folder, store_pending
from evidence.weeks import IsoWeek
from tests.evidence.conftest import weekly_figures
from tests.evidence.stored import read_stored, stored_files
from tests.factories import local_authority
from tests.files import tiny_file, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


def draft(**overrides) -> SubmissionDraft:
    kent = local_authority("Kent")
    values = {
        "about": AboutYou(role="senco", phase="primary", setting="maintained", local_authority_id=kent.pk),
        "theme_slugs": ("workload", "sv-dbv"),
        "answers": {
            "workload": {"cause_ehcp_processes": True, "details": "EHCP forms."},
            "sv-dbv": {
                "local_authority_id": kent.pk,
                "programme": Programme.SV,
                "plan_stage": "agreed",
                "plan_published": YesNoNotSure.NO,
                "schools_consulted": YesNoNotSure.NO,
                "problem_specialist_cuts": True,
            },
        },
        "experience": "Our SENCO spends three days a week on paperwork.",
        "contact": ContactDetails(name="Erin Evans", email="erin@example.org", consent_to_contact=True),
        "journey_key": uuid.uuid4(),
    }
    return SubmissionDraft(**(values | overrides))


def test_it_saves_the_submission_its_themes_and_each_answer_as_real_columns():
    submission = submission_create(draft=draft())

    submission.refresh_from_db()
    assert submission.status == Status.NEW
    assert submission.reference.startswith("SEND-")
    assert submission.theme_slugs == {"workload", "sv-dbv"}
    assert (submission.role, submission.local_authority.name, submission.email) == (
        "senco",
        "Kent",
        "erin@example.org",
    )
    assert submission.consent_to_contact and not submission.consent_to_quote
    assert WorkloadAnswer.objects.filter(submission=submission, cause_ehcp_processes=True).exists()
    assert SvDbvAnswer.objects.filter(
        submission=submission, programme="sv", plan_published="no", problem_specialist_cuts=True
    ).exists()


def test_its_theme_flags_and_links_are_those_the_managers_would_have_written():
    submission = submission_create(draft=draft(theme_slugs=("sv-dbv", "general", "workload")))
    written = Submission.objects.get(pk=submission.pk).theme_flags
    refresh_theme_flags(where="id = %s", params=[submission.pk])  # what m2m_changed would have written

    assert written == Submission.objects.get(pk=submission.pk).theme_flags == 1 + 16 + 32
    assert Submission.objects.get(pk=submission.pk).theme_slugs == {"sv-dbv", "general", "workload"}


def test_the_acknowledgement_lists_the_chosen_themes_in_their_order_without_reading_them_again(
    django_assert_max_num_queries,
):
    submission = submission_create(draft=draft(theme_slugs=("sv-dbv", "workload")))

    body = OutboundEmail.objects.get().text_body
    names = list(
        Theme.objects.filter(slug__in=["workload", "sv-dbv"])
        .order_by("position")
        .values_list("name", flat=True)
    )
    assert body.index(names[0]) < body.index(names[1])
    with django_assert_max_num_queries(0):
        assert [theme.name for theme in submission.themes.all()] == names


def test_it_writes_the_acknowledgement_in_the_same_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        submission = submission_create(draft=draft())

    email = OutboundEmail.objects.get()
    assert email.idempotency_key == f"ack:{submission.reference}"
    assert email.to == "erin@example.org"
    assert callbacks, "the email is queued only after commit"


def test_it_writes_no_acknowledgement_without_an_email_address():
    submission_create(draft=draft(contact=ContactDetails()))

    assert not OutboundEmail.objects.exists()


def test_it_returns_the_first_submission_when_the_same_journey_is_sent_twice():
    journey_key = uuid.uuid4()

    first = submission_create(draft=draft(journey_key=journey_key))
    second = submission_create(draft=draft(journey_key=journey_key, experience="A second click."))

    assert second.pk == first.pk
    assert Submission.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
    assert Submission.objects.get().experience == "Our SENCO spends three days a week on paperwork."


def test_it_moves_pending_files_into_attachments_with_their_sha256(
    settings, django_capture_on_commit_callbacks
):
    journey_key = uuid.uuid4()
    pdf = store_pending(journey_key, upload("plan.pdf", tiny_file("pdf")), PDF.mime)
    txt = store_pending(journey_key, upload("notes.txt", tiny_file("txt")), TXT.mime)

    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_create(draft=draft(journey_key=journey_key, uploads=(pdf, txt)))

    stored = list(submission.attachments.all())
    assert [a.original_name for a in stored] == ["plan.pdf", "notes.txt"]
    assert stored[0].sha256 == hashlib.sha256(tiny_file("pdf")).hexdigest()
    assert stored[0].content_type == PDF.mime and stored[0].size == len(tiny_file("pdf"))
    assert read_stored(stored[0].file.name) == tiny_file("pdf")
    assert "plan" not in stored[0].file.name, "stored under a server-made name"
    assert stored_files(pending_folder(journey_key)) == [], (
        "the pending copies go once the submission is saved"
    )


def test_nothing_is_saved_when_an_attachment_cannot_be_moved(settings):
    journey_key = uuid.uuid4()
    good = store_pending(journey_key, upload("plan.pdf", tiny_file("pdf")), PDF.mime)
    lost = store_pending(journey_key, upload("lost.pdf", tiny_file("pdf")), PDF.mime)
    AttachmentStorage().delete(lost.stored_name(journey_key))

    with pytest.raises(FileNotFoundError):
        submission_create(draft=draft(journey_key=journey_key, uploads=(good, lost)))

    assert not Submission.objects.exists()
    assert not WorkloadAnswer.objects.exists()
    assert not Attachment.objects.exists()
    assert not OutboundEmail.objects.exists()
    stored = [name for name in stored_files() if not name.startswith("pending/")]
    assert stored == [], "no copied file is left behind"
    assert AttachmentStorage().exists(good.stored_name(journey_key)), (
        "the member's pending file is kept so they can try again"
    )


def test_nothing_is_saved_when_an_answer_is_invalid():
    good = draft()
    bad = draft(answers={**good.answers, "sv-dbv": {**good.answers["sv-dbv"], "programme": "maybe"}})

    with pytest.raises(ValidationError):
        submission_create(draft=bad)

    assert not Submission.objects.exists()
    assert not WorkloadAnswer.objects.exists()


def test_it_refuses_answers_for_a_theme_that_was_not_chosen():
    with pytest.raises(ValueError, match="themes"):
        submission_create(draft=draft(theme_slugs=("workload",)))

    assert not Submission.objects.exists()


def test_it_returns_the_winner_when_another_request_saved_the_same_journey_first():
    journey_key = uuid.uuid4()
    winner = submission_create(draft=draft(journey_key=journey_key))

    # No look before the insert: the journey's unique key turns the loser back, and it finds the winner.
    loser = submission_create(draft=draft(journey_key=journey_key, experience="Sent at the same moment."))

    assert loser.pk == winner.pk
    assert Submission.objects.count() == 1
    assert WorkloadAnswer.objects.count() == 1


@pytest.fixture
def sent_signals():
    """What submission_sent told its receivers, in order."""
    heard: list[Submission] = []

    def receiver(sender, submission, **kwargs):
        heard.append(submission)

    submission_sent.connect(receiver, dispatch_uid="test-receiver")
    yield heard
    submission_sent.disconnect(dispatch_uid="test-receiver")


def test_it_tells_other_packages_once_that_evidence_was_sent(sent_signals):
    journey_key = uuid.uuid4()

    first = submission_create(draft=draft(journey_key=journey_key))
    submission_create(draft=draft(journey_key=journey_key))

    assert sent_signals == [first]
    assert sent_signals[0].theme_slugs == {"workload", "sv-dbv"}, "sent once the answers are saved"


def test_a_receiver_that_fails_rolls_the_submission_back():
    def failing(sender, submission, **kwargs):
        raise RuntimeError("the weekly figures could not be written")

    submission_sent.connect(failing, dispatch_uid="test-failing-receiver")
    try:
        with pytest.raises(RuntimeError):
            submission_create(draft=draft())
    finally:
        submission_sent.disconnect(dispatch_uid="test-failing-receiver")

    assert not Submission.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_it_counts_the_submission_in_its_weeks_figures():
    submission = submission_create(draft=draft())

    week = str(IsoWeek.current(submission.received_at))
    figures = weekly_figures()
    assert figures[week, "all", ""] == 1
    assert figures[week, "theme", "workload"] == figures[week, "theme", "sv-dbv"] == 1
    assert figures[week, "programme", "sv"] == 1
    assert figures[week, "role", "senco"] == 1


def test_a_journey_sent_twice_is_counted_once():
    same = draft()
    submission_create(draft=same)
    submission_create(draft=same)

    assert sum(count for (_, dimension, _), count in weekly_figures().items() if dimension == "all") == 1
