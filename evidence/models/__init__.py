from evidence.models.audit import AuditEvent, record_event
from evidence.models.figures import WeeklyFigure, count_in, count_in_all, count_out, count_out_all
from evidence.models.groups import (
    BAND_FIELDS,
    NearDuplicateGroup,
    SubmissionSignature,
    campaign_aggregates,
    dissolve_lone_groups,
    group_size,
    groups_of,
)
from evidence.models.outbox import OutboundEmail
from evidence.models.packs import EvidencePack, PackQuote
from evidence.models.personal_data import PersonalDataRequest, PersonalDataSubmission
from evidence.models.querysets import SubmissionQuerySet, SvDbvAnswerQuerySet, count_of, counted_q
from evidence.models.quotes import Quote, QuoteQuerySet
from evidence.models.reference import LocalAuthority, ProgrammeMembership, Theme
from evidence.models.saved_form import SavedForm, token_hash
from evidence.models.search import SearchDocument, one_document_write, refresh_search_documents
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
from evidence.models.suggestions import ThemeModel, ThemeSuggestion
from evidence.models.triage import EvidenceExport, SubmissionChange, TriageNote

__all__ = [
    "ANSWER_MODELS",
    "BAND_FIELDS",
    "Attachment",
    "AuditEvent",
    "BandingAnswer",
    "BudgetAnswer",
    "EvidenceExport",
    "EvidencePack",
    "GeneralAnswer",
    "LocalAuthority",
    "NearDuplicateGroup",
    "OutboundEmail",
    "PackQuote",
    "PersonalDataRequest",
    "PersonalDataSubmission",
    "ProgrammeMembership",
    "Quote",
    "QuoteQuerySet",
    "SavedForm",
    "SearchDocument",
    "Submission",
    "SubmissionChange",
    "SubmissionQuerySet",
    "SubmissionSignature",
    "SvDbvAnswer",
    "SvDbvAnswerQuerySet",
    "Theme",
    "ThemeAnswer",
    "ThemeModel",
    "ThemeSuggestion",
    "TrainingAnswer",
    "TriageNote",
    "WeeklyFigure",
    "WorkloadAnswer",
    "answer_accessor",
    "campaign_aggregates",
    "count_in",
    "count_in_all",
    "count_of",
    "count_out",
    "count_out_all",
    "counted_q",
    "dissolve_lone_groups",
    "group_size",
    "groups_of",
    "one_document_write",
    "quotes_removed",
    "record_event",
    "refresh_search_documents",
    "submission_erased",
    "submission_sent",
    "token_hash",
]
