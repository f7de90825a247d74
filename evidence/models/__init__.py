from evidence.models.outbox import OutboundEmail
from evidence.models.reference import LocalAuthority, ProgrammeMembership, Theme
from evidence.models.submission import (
    ANSWER_MODELS,
    Attachment,
    BandingAnswer,
    BudgetAnswer,
    GeneralAnswer,
    Submission,
    SvDbvAnswer,
    ThemeAnswer,
    TrainingAnswer,
    WorkloadAnswer,
    answer_accessor,
)
from evidence.models.triage import EvidenceExport, SubmissionChange, TriageNote

__all__ = [
    "ANSWER_MODELS",
    "Attachment",
    "BandingAnswer",
    "BudgetAnswer",
    "EvidenceExport",
    "GeneralAnswer",
    "LocalAuthority",
    "OutboundEmail",
    "ProgrammeMembership",
    "Submission",
    "SubmissionChange",
    "SvDbvAnswer",
    "Theme",
    "ThemeAnswer",
    "TrainingAnswer",
    "TriageNote",
    "WorkloadAnswer",
    "answer_accessor",
]
