from evidence.models.audit import AuditEvent, record_event
from evidence.models.figures import WeeklyFigure, count_in, count_in_all, count_out, count_out_all
from evidence.models.outbox import OutboundEmail
from evidence.models.querysets import SubmissionQuerySet, SvDbvAnswerQuerySet, count_of, counted_q
from evidence.models.quotes import Quote, QuoteQuerySet
from evidence.models.reference import LocalAuthority, ProgrammeMembership, Theme
from evidence.models.saved_form import SavedForm, token_hash
from evidence.models.signals import quotes_removed, submission_erased, submission_sent
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
    "AuditEvent",
    "BandingAnswer",
    "BudgetAnswer",
    "EvidenceExport",
    "GeneralAnswer",
    "LocalAuthority",
    "OutboundEmail",
    "ProgrammeMembership",
    "Quote",
    "QuoteQuerySet",
    "SavedForm",
    "Submission",
    "SubmissionChange",
    "SubmissionQuerySet",
    "SvDbvAnswer",
    "SvDbvAnswerQuerySet",
    "Theme",
    "ThemeAnswer",
    "TrainingAnswer",
    "TriageNote",
    "WeeklyFigure",
    "WorkloadAnswer",
    "answer_accessor",
    "count_in",
    "count_in_all",
    "count_of",
    "count_out",
    "count_out_all",
    "counted_q",
    "quotes_removed",
    "record_event",
    "submission_erased",
    "submission_sent",
    "token_hash",
]

# --- speed: one search document per submission (evidence.models.search)
from evidence.models.search import SearchDocument, one_document_write, refresh_search_documents

__all__ += ["SearchDocument", "one_document_write", "refresh_search_documents"]
