from evidence.views.journey import attachments, start, step
from evidence.views.pages import call_for_evidence, theme
from evidence.views.save_return import open_link, save, saved
from evidence.views.send import check_answers, sent

__all__ = [
    "attachments",
    "call_for_evidence",
    "check_answers",
    "open_link",
    "save",
    "saved",
    "sent",
    "start",
    "step",
    "theme",
]
