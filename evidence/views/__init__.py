from evidence.views.journey import attachments, start, step
from evidence.views.pages import call_for_evidence, theme
from evidence.views.send import check_answers, sent

__all__ = ["attachments", "call_for_evidence", "check_answers", "sent", "start", "step", "theme"]
