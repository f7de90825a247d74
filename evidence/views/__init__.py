from evidence.views.journey import attachments, start, step
from evidence.views.members_told_us import members_told_us, members_told_us_csv, members_told_us_json
from evidence.views.pages import call_for_evidence, theme
from evidence.views.save_return import open_link, save, saved
from evidence.views.send import check_answers, sent

__all__ = [
    "attachments",
    "call_for_evidence",
    "check_answers",
    "members_told_us",
    "members_told_us_csv",
    "members_told_us_json",
    "open_link",
    "save",
    "saved",
    "sent",
    "start",
    "step",
    "theme",
]
