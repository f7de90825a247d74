"""The steps of "Send evidence", by name: one page each, plus one page per chosen theme.

The forms, the journey and the views all name steps; this module is what they share, so the forms need
nothing of the journey or the session.
"""

from evidence.models import ANSWER_MODELS

ABOUT = "about-you"
THEMES = "themes"
EXPERIENCE = "your-experience"
ATTACHMENTS = "attachments"
CONTACT = "contact-details"
CHECK = "check-your-answers"

# One page per chosen theme, in the themes' order.
THEME_STEPS = tuple(ANSWER_MODELS)
QUESTION_STEPS = (ABOUT, THEMES, *THEME_STEPS, EXPERIENCE, CONTACT)

# The authority choice of a member who would rather not say which it is.
PREFER_NOT_TO_SAY = "prefer-not-to-say"

# What a step's form received, as the session keeps it: field name -> the posted strings.
StepData = dict[str, list[str]]
