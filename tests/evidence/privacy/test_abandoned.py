"""Forms never sent (evidence.privacy.abandoned): expired sessions are cleared and the pending files of
journeys no longer alive are deleted through the storage; live journeys keep theirs."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from evidence.models import OutboundEmail, SavedForm
from evidence.privacy.abandoned import purge_abandoned_journeys
from evidence.storage import AttachmentStorage
from evidence.submissions.file_types import TXT
from evidence.submissions.journey import SESSION_KEY, live_journey_keys
from evidence.submissions.uploads import store_pending
from tests.evidence.stored import until_the_next_second
from tests.files import upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


def journey_session(key: uuid.UUID, *, expired: bool = False) -> str:
    """A member's session holding a form journey, as the journey leaves it."""
    session = SessionStore()
    session[SESSION_KEY] = {"key": str(key), "answers": {}, "uploads": [], "honeypot": False}
    session.create()
    if expired:
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() - timedelta(minutes=1)
        )
    return session.session_key


def pending_file(key: uuid.UUID) -> str:
    stored = store_pending(key, upload("notes.txt", b"what we were told"), TXT)
    return f"pending/{key}/{stored.id}"


def test_it_deletes_the_files_of_journeys_without_a_session_and_keeps_live_ones():
    live, expired, orphan = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    journey_session(live)
    expired_session = journey_session(expired, expired=True)
    kept = pending_file(live)
    gone = [pending_file(expired), pending_file(expired), pending_file(orphan)]
    until_the_next_second()

    cleared = purge_abandoned_journeys(live_journey_keys=live_journey_keys)

    storage = AttachmentStorage()
    assert (cleared.journeys, cleared.files) == (2, 3)
    assert storage.exists(kept)
    assert not any(storage.exists(name) for name in gone)
    assert storage.listdir("pending") == ([str(live)], [])
    assert not Session.objects.filter(session_key=expired_session).exists(), "expired sessions go"


def test_a_file_written_while_it_runs_is_left_for_the_next_run():
    starting = uuid.uuid4()
    early = pending_file(starting)
    until_the_next_second()
    late: list[str] = []

    def keys_while_a_member_uploads() -> set[str]:
        late.append(pending_file(starting))
        return set()

    cleared = purge_abandoned_journeys(live_journey_keys=keys_while_a_member_uploads)

    storage = AttachmentStorage()
    assert cleared.files == 1
    assert not storage.exists(early)
    assert storage.exists(late[0])


def test_with_nothing_pending_it_only_clears_sessions_and_reads_no_session():
    journey_session(uuid.uuid4(), expired=True)

    def never_asked() -> set[str]:
        raise AssertionError("no pending files, so no need to read every session")

    cleared = purge_abandoned_journeys(live_journey_keys=never_asked)

    assert (cleared.journeys, cleared.files) == (0, 0)
    assert not Session.objects.exists()


def test_live_journey_keys_reads_only_unexpired_sessions_with_a_journey():
    live, expired = uuid.uuid4(), uuid.uuid4()
    journey_session(live)
    journey_session(expired, expired=True)
    SessionStore().create()  # a session with no journey in it

    assert live_journey_keys() == {str(live)}


# --- Saved forms (save and come back later) -------------------------------------------------------


def saved_form(key: uuid.UUID, *, expires_in: timedelta):

    saved = SavedForm.objects.create(
        token_hash=uuid.uuid4().hex,
        journey_key=key,
        email="erin@example.org",
        step="themes",
        state={"key": str(key), "answers": {}, "uploads": [], "honeypot": False},
        expires_at=timezone.now() + expires_in,
    )
    OutboundEmail.objects.create(
        kind="save", idempotency_key=f"save:{saved.pk}", to="erin@example.org", subject="s", text_body="t"
    )
    return saved


def test_an_unexpired_saved_form_keeps_its_files_without_any_session():
    key = uuid.uuid4()
    saved = saved_form(key, expires_in=timedelta(days=3))
    kept = pending_file(key)
    until_the_next_second()  # old enough to go, were the saved form not keeping it

    cleared = purge_abandoned_journeys(live_journey_keys=live_journey_keys)

    assert AttachmentStorage().exists(kept)
    assert (cleared.files, cleared.saved_forms) == (0, 0)
    saved.refresh_from_db()


def test_an_expired_saved_form_goes_with_its_files_and_its_email():

    key = uuid.uuid4()
    saved_form(key, expires_in=-timedelta(seconds=1))
    gone = pending_file(key)
    until_the_next_second()

    cleared = purge_abandoned_journeys(live_journey_keys=live_journey_keys)

    assert not AttachmentStorage().exists(gone)
    assert (cleared.files, cleared.saved_forms) == (1, 1)
    assert not SavedForm.objects.exists() and not OutboundEmail.objects.exists()
