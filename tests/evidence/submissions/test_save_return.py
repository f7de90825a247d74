"""The use cases of save and come back later (evidence.submissions.save_return): the row and its email
written together, a new save retires the old link, continuing moves ownership, sending marks it used."""

import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore

from evidence.models import OutboundEmail, SavedForm, token_hash
from evidence.submissions.file_types import TXT
from evidence.submissions.journey import Journey
from evidence.submissions.save_return import (
    continue_saved_form,
    find_saved_form,
    mark_used,
    save_for_later,
)
from evidence.submissions.uploads import discard_pending, store_pending
from tests.files import upload
from tests.save_return import link_path, token_of

pytestmark = pytest.mark.django_db


def journey_with_answers() -> Journey:
    session = SessionStore()
    journey = Journey.begin(session)
    journey.save("about-you", {"role": ["senco"]})
    journey.keep_draft("themes", {"themes": ["workload"]})
    session.save()
    return journey


def saved_token(journey: Journey, email: str = "erin@example.org") -> tuple[SavedForm, str]:
    saved = save_for_later(journey=journey, email=email, step="themes")
    journey.session.save()  # as the session middleware does at the end of the request
    return saved, token_of(link_path(OutboundEmail.objects.get(idempotency_key=f"save:{saved.pk}")))


def test_the_row_keeps_the_journey_and_a_hash_only_and_its_email_is_in_the_outbox():
    journey = journey_with_answers()

    saved, token = saved_token(journey)

    assert len(token) >= 40 and saved.token_hash == token_hash(token)
    assert not SavedForm.objects.filter(token_hash=token).exists()
    assert saved.state["answers"] == {"about-you": {"role": ["senco"]}}
    assert saved.state["draft"] == {"step": "themes", "data": {"themes": ["workload"]}}
    assert saved.journey_key == journey.key and saved.owner_session == journey.session.session_key
    assert OutboundEmail.objects.get().kind == OutboundEmail.Kind.SAVE_RETURN
    assert find_saved_form(token=token) == saved


def test_a_new_save_retires_the_last_link_and_clears_it():
    journey = journey_with_answers()
    first, _ = saved_token(journey)

    second, _ = saved_token(journey)

    first.refresh_from_db()
    assert (first.status, first.email, first.state) == ("retired", "", {})
    assert second.status == "active"
    assert OutboundEmail.objects.count() == 2, "each save sends a new link"


def test_continuing_moves_the_journey_to_the_new_session_which_alone_owns_it():
    journey = journey_with_answers()
    saved, token = saved_token(journey)
    elsewhere = SessionStore()

    moved = continue_saved_form(token=token, session=elsewhere)

    assert moved is not None and moved.key == journey.key
    assert moved.answers("about-you") == {"role": ["senco"]}
    assert moved.draft("themes") == {"themes": ["workload"]}
    saved.refresh_from_db()
    assert saved.owner_session == elsewhere.session_key
    assert Journey.resume(SessionStore(journey.session.session_key)) is None, "the first session lost it"
    assert Journey.resume(SessionStore(elsewhere.session_key)) is not None


def test_a_used_link_cannot_be_continued():
    journey = journey_with_answers()
    _, token = saved_token(journey)

    assert mark_used(journey_key=journey.key) == 1

    assert continue_saved_form(token=token, session=SessionStore()) is None
    assert mark_used(journey_key=uuid.uuid4()) == 0


def test_a_file_removed_after_saving_is_not_listed_when_the_form_is_continued():
    journey = journey_with_answers()
    kept = store_pending(journey.key, upload("kept.txt", b"kept"), TXT)
    removed = store_pending(journey.key, upload("removed.txt", b"removed"), TXT)
    journey.add_upload(kept)
    journey.add_upload(removed)
    _, token = saved_token(journey)
    discard_pending(journey.key, removed)

    moved = continue_saved_form(token=token, session=SessionStore())

    assert [upload.original_name for upload in moved.uploads] == ["kept.txt"]
