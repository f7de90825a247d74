"""A blank question page rendered once per process, not once per request.

Each question page a member first sees (nothing posted, nothing answered before) is the same HTML
for everyone: "About you" is three sets of radios and the 155-option authority select (about 30 ms
through crispy-forms-gds's templates; about 1 ms since the fields are written in Python, decision
0067), and each theme's page about 1 ms through crispy's tag. A form class with ``render_blank_once``
(every step's, from ``QuestionPage``) is rendered the first time and kept, keyed by its class, its
fields (SV/DBV asks for the authority only when "About you" did not say) and every choice it offers
(so a changed list of authorities is rendered afresh, never served stale). A bound form, or one
showing earlier answers, is rendered as usual. The kept HTML has no CSRF token:
the page's own ``<form>`` carries it (the forms' helper has ``disable_csrf``).
"""

from collections import OrderedDict
from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.safestring import SafeString

from evidence.submissions.forms.base import QuestionPage
from evidence.submissions.forms.kept_choices import kept

KEPT = 16  # form classes times versions of their choices; a handful in practice
_kept: "OrderedDict[tuple[Any, ...], SafeString]" = OrderedDict()


def blank_html(form: QuestionPage) -> SafeString | None:
    """The form's fields as HTML if it is blank and its class asks for it; otherwise None."""
    if not getattr(form, "render_blank_once", False) or form.is_bound or any(form.initial.values()):
        return None
    key = (
        type(form),
        tuple(form.fields),  # a form's arguments may take a field away (SV/DBV's authority)
        *(
            (name, kept(field.choices))
            for name, field in form.fields.items()
            if isinstance(field, forms.ChoiceField)
        ),
    )
    html = _kept.get(key)
    if html is None:
        html = render_crispy_form(form)
        _kept[key] = html
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return html
