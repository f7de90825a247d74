"""A step's form, built from what the member's journey holds."""

from typing import Any

from django.utils.datastructures import MultiValueDict

from evidence.models import Theme
from evidence.submissions.forms import STEP_FORMS, QuestionPage
from evidence.submissions.journey import Journey
from evidence.submissions.steps import ATTACHMENTS


def _extra_kwargs(step: str, journey: Journey) -> dict[str, Any]:
    if step == Theme.SV_DBV:
        return {"authority_choice": journey.local_authority_choice}
    if step == ATTACHMENTS:
        return {"files_so_far": len(journey.uploads)}
    return {}


def step_form(step: str, journey: Journey, data: Any = None, files: Any = None) -> QuestionPage:
    """The form as posted, or (with no data) showing what the member answered before."""
    form_class = STEP_FORMS[step]
    if data is None:
        return form_class(
            initial=form_class.initial_from(journey.answers(step)), **_extra_kwargs(step, journey)
        )
    return form_class(data, files, **_extra_kwargs(step, journey))


def saved_form(step: str, journey: Journey) -> QuestionPage:
    """The form bound to what the session holds, to check it again and read it back."""
    return STEP_FORMS[step](MultiValueDict(journey.answers(step) or {}), **_extra_kwargs(step, journey))
