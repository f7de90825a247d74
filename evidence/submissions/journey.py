"""The member's way through the evidence form, kept server-side in their (database-backed) session.

The session holds what each step's form received (only once it was valid), the files waiting in the
pending area, and a key that makes the final submit idempotent. Which steps exist depends on the
themes chosen: one page per chosen theme, in the themes' order.

A journey saved to come back later (``evidence.submissions.save_return``) also holds its saved form's id
and what was typed on the step it was saved from (``draft``, unvalidated); a session that no longer owns
that saved form loses the journey.
"""

import uuid
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.utils import timezone

from evidence.models import SavedForm
from evidence.submissions.steps import (
    ABOUT,
    ATTACHMENTS,
    CHECK,
    CONTACT,
    EXPERIENCE,
    THEME_STEPS,
    THEMES,
    StepData,
)
from evidence.submissions.uploads import PendingUpload, discard_journey_files

SESSION_KEY = "evidence_journey"
SENT_KEY = "evidence_sent"


class Journey:
    def __init__(self, session: SessionBase, state: dict[str, Any]) -> None:
        self.session = session
        self.state = state

    @classmethod
    def resume(cls, session: SessionBase) -> "Journey | None":
        state = session.get(SESSION_KEY)
        if not state:
            return None
        if state.get("saved_form") and _owned_elsewhere(state["saved_form"], session):
            # The member continued this form from its link in another browser: it lives there now.
            session.pop(SESSION_KEY, None)
            return None
        return cls(session, state)

    @classmethod
    def begin(cls, session: SessionBase) -> "Journey":
        state = {"key": str(uuid.uuid4()), "answers": {}, "uploads": [], "honeypot": False}
        session[SESSION_KEY] = state
        return cls(session, state)

    @property
    def key(self) -> uuid.UUID:
        return uuid.UUID(self.state["key"])

    # --- Answers ------------------------------------------------------------------------------

    def answers(self, step: str) -> StepData | None:
        return self.state["answers"].get(step)

    def save(self, step: str, data: StepData) -> None:
        self.state["answers"][step] = data
        if (self.state.get("draft") or {}).get("step") == step:
            self.state.pop("draft")
        if step == THEMES:
            chosen = set(self.theme_slugs)
            for slug in THEME_STEPS:
                if slug not in chosen:
                    self.state["answers"].pop(slug, None)
        self._changed()

    def keep_draft(self, step: str, data: StepData) -> None:
        """What was typed on ``step``, kept unvalidated so a saved form reopens with it."""
        self.state["draft"] = {"step": step, "data": data}
        self._changed()

    def draft(self, step: str) -> StepData | None:
        draft = self.state.get("draft") or {}
        return draft.get("data") if draft.get("step") == step else None

    def remember_saved(self, *, saved_form_id: int, email: str) -> None:
        self.state["saved_form"] = saved_form_id
        self.state["saved_email"] = email
        self._changed()

    @property
    def was_saved(self) -> bool:
        """Saved to come back later, here or in the browser it came from."""
        return bool(self.state.get("saved_form"))

    @property
    def theme_slugs(self) -> list[str]:
        """The chosen themes, in the themes' order (the themes form saves them ordered)."""
        chosen = (self.answers(THEMES) or {}).get("themes", [])
        return [slug for slug in chosen if slug in THEME_STEPS]

    @property
    def local_authority_choice(self) -> str:
        """What "about you" said of the authority: an id, PREFER_NOT_TO_SAY, or "" if not answered."""
        return ((self.answers(ABOUT) or {}).get("local_authority") or [""])[0]

    # --- Steps --------------------------------------------------------------------------------

    def steps(self) -> list[str]:
        return [ABOUT, THEMES, *self.theme_slugs, EXPERIENCE, ATTACHMENTS, CONTACT]

    def first_unsaved(self) -> str:
        return next((step for step in self.steps() if self.answers(step) is None), CHECK)

    def can_visit(self, step: str) -> bool:
        steps = self.steps()
        if step == CHECK:
            return self.first_unsaved() == CHECK
        if step not in steps:
            return False
        return all(self.answers(earlier) is not None for earlier in steps[: steps.index(step)])

    def next_step(self, step: str, *, changing: bool) -> str:
        """After a change from check-your-answers, go back there once nothing new needs answering."""
        if changing:
            return self.first_unsaved()
        steps = self.steps()
        index = steps.index(step)
        return steps[index + 1] if index + 1 < len(steps) else CHECK

    def previous_step(self, step: str) -> str | None:
        steps = [*self.steps(), CHECK]
        index = steps.index(step)
        return steps[index - 1] if index > 0 else None

    def theme_position(self, slug: str) -> tuple[int, int]:
        return self.theme_slugs.index(slug) + 1, len(self.theme_slugs)

    # --- Files --------------------------------------------------------------------------------

    @property
    def uploads(self) -> list[PendingUpload]:
        return [PendingUpload.from_session(item) for item in self.state["uploads"]]

    def add_upload(self, upload: PendingUpload) -> None:
        self.state["uploads"].append(upload.to_session())
        self._changed()

    def remove_upload(self, upload_id: str) -> PendingUpload | None:
        for upload in self.uploads:
            if upload.id == upload_id:
                self.state["uploads"] = [item for item in self.state["uploads"] if item["id"] != upload_id]
                self._changed()
                return upload
        return None

    # --- Ending -------------------------------------------------------------------------------

    def flag_honeypot(self) -> None:
        self.state["honeypot"] = True
        self._changed()

    @property
    def caught_by_honeypot(self) -> bool:
        return bool(self.state.get("honeypot"))

    def finish(self, reference: str) -> None:
        """Forgets the answers (they are in the database now) and remembers only the reference."""
        self.session.pop(SESSION_KEY, None)
        self.session[SENT_KEY] = {"reference": reference, "journey_key": self.state["key"]}

    def discard_files(self) -> None:
        discard_journey_files(self.key)

    def _changed(self) -> None:
        self.session[SESSION_KEY] = self.state
        self.session.modified = True


def sent_reference(session: SessionBase) -> str | None:
    return (session.get(SENT_KEY) or {}).get("reference")


def _owned_elsewhere(saved_form_id: int, session: SessionBase) -> bool:
    owner = SavedForm.objects.filter(pk=saved_form_id).values_list("owner_session", flat=True).first()
    return owner is not None and owner != session.session_key


def live_journey_keys() -> set[str]:
    """The journeys whose pending files must stay: every unexpired session's form journey, and every
    unexpired saved form's.

    The retention of abandoned forms (``manage.py purge_abandoned_journeys``) deletes the pending files of
    every other journey.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys: set[str] = set()
    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_data", flat=True)
    for data in live.iterator(chunk_size=2000):
        state = store().decode(data).get(SESSION_KEY) or {}
        if state.get("key"):
            keys.add(str(state["key"]))
    saved = SavedForm.objects.filter(status=SavedForm.Status.ACTIVE, expires_at__gt=timezone.now())
    keys.update(str(key) for key in saved.values_list("journey_key", flat=True))
    return keys
