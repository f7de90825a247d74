"""A member's evidence, checked and ready to record: what "check your answers" hands to ``create``.

Every part is typed, so ``submission_create`` need not check which keys it was given.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from evidence.submissions.uploads import PendingUpload


@dataclass(frozen=True)
class AboutYou:
    role: str
    phase: str
    setting: str
    local_authority_id: int | None  # None when the member preferred not to say
    role_other: str = ""


@dataclass(frozen=True)
class ContactDetails:
    """All optional, each consent separate."""

    name: str = ""
    email: str = ""
    membership_number: str = ""
    consent_to_contact: bool = False
    consent_to_quote: bool = False


@dataclass(frozen=True)
class SubmissionDraft:
    journey_key: uuid.UUID  # one submission per journey, however often it is sent
    about: AboutYou
    theme_slugs: tuple[str, ...]
    # Theme slug -> its answer row's columns (all but the submission).
    answers: Mapping[str, Mapping[str, Any]]
    experience: str
    contact: ContactDetails = field(default_factory=ContactDetails)
    uploads: tuple[PendingUpload, ...] = ()

    def __post_init__(self) -> None:
        # Frozen all the way down: what was checked is what is recorded.
        answers = MappingProxyType({slug: MappingProxyType(dict(row)) for slug, row in self.answers.items()})
        object.__setattr__(self, "answers", answers)
