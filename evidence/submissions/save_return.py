"""Save and come back later: a journey saved to its own row, reopened from a link in an email.

Rules (the row's own rules are in ``evidence.models.saved_form``):

- Saving keeps what was typed on the step saved from, valid or not (``Journey.keep_draft``), and
  writes the saved row and its email in one transaction; the email is queued once that has committed.
- The link's token is random (``secrets.token_urlsafe``); only its SHA-256 is stored. The email holds
  the link and when it expires, never an answer. Its body is cleared from the outbox once it is sent.
- A new save of the same journey retires the link before it.
- Opening the link changes nothing; continuing (a POST) moves the journey into this browser's session
  and makes it the form's one owner: any other session that holds it ends it (``Journey.resume``).
  Files removed since the save (in the browser that saved) are no longer listed.
- Sending the evidence marks the journey's saved forms used, and clears what they held.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evidence.mail import messages, queue
from evidence.models import OutboundEmail, SavedForm, token_hash
from evidence.storage import AttachmentStorage
from evidence.submissions.journey import SESSION_KEY, Journey
from evidence.submissions.steps import CONTACT
from evidence.submissions.uploads import PendingUpload

Status = SavedForm.Status


def saved_form_email_key(saved: SavedForm) -> str:
    return f"save:{saved.pk}"


def contact_email(journey: Journey) -> str:
    """The address to offer: the one last saved to, or the one given (or being typed) on the contact step."""
    if journey.state.get("saved_email"):
        return str(journey.state["saved_email"])
    contact = journey.answers(CONTACT) or journey.draft(CONTACT) or {}
    return (contact.get("email") or [""])[0]


@transaction.atomic
def save_for_later(*, journey: Journey, email: str, step: str) -> SavedForm:
    """Save the journey as it stands, retire the journey's last link and email the new one."""
    session = journey.session
    if session.session_key is None:
        session.save()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    retire_links(journey_key=journey.key)
    saved = SavedForm.objects.create(
        token_hash=token_hash(token),
        journey_key=journey.key,
        email=email,
        step=step,
        state={key: value for key, value in journey.state.items() if key != "saved_form"},
        owner_session=session.session_key or "",
        created_at=now,
        expires_at=now + timedelta(days=settings.SAVE_RETURN_DAYS),
    )
    journey.remember_saved(saved_form_id=saved.pk, email=email)
    link = settings.SITE_URL.rstrip("/") + reverse("evidence:saved_form", args=[token])
    message = messages.make_message("save-return", {"link": link, "expires_at": saved.expires_at})
    email_row, _ = messages.write_email(
        kind=OutboundEmail.Kind.SAVE_RETURN, key=saved_form_email_key(saved), to=[email], message=message
    )
    queue.send_after_commit(email_row)
    return saved


def retire_links(*, journey_key: uuid.UUID) -> int:
    return SavedForm.objects.filter(journey_key=journey_key, status=Status.ACTIVE).update(
        status=Status.RETIRED, email="", state={}, step=""
    )


def find_saved_form(*, token: str) -> SavedForm | None:
    return SavedForm.objects.filter(token_hash=token_hash(token)).first()


@transaction.atomic
def continue_saved_form(*, token: str, session: SessionBase) -> Journey | None:
    """Move the saved journey into ``session``, which becomes its one owner; None if the link is closed."""
    saved = SavedForm.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if saved is None or not saved.is_open:
        return None
    state = {**saved.state, "saved_form": saved.pk, "saved_email": saved.email}
    # A file removed in the other browser after saving is gone from the pending area: not listed here.
    storage = AttachmentStorage()
    state["uploads"] = [
        item
        for item in state.get("uploads", [])
        if storage.exists(PendingUpload.from_session(item).stored_name(saved.journey_key))
    ]
    session[SESSION_KEY] = state
    session.save()
    saved.owner_session = session.session_key or ""
    saved.save(update_fields=["owner_session"])
    return Journey.resume(session)


def mark_used(*, journey_key: uuid.UUID) -> int:
    """The evidence was sent: the journey's links now say so, and hold nothing of the member's."""
    return SavedForm.objects.filter(journey_key=journey_key, status=Status.ACTIVE).update(
        status=Status.USED, email="", state={}, step=""
    )
