"""Choice fields whose choices are normalised once, when they are set, not every time a form is built.

Django normalises a ``ChoiceField``'s choices whenever they are set (for the field, then again for its
widget), and once more each time a form deep-copies its fields (the field's copy deep-copies the list,
the widget's copy sets it afresh): about 340 calls of ``normalize_choices`` for one "About you" page,
most of them walking the 155 authorities. These fields keep their choices as ``KeptChoices``, a tuple
normalised once, and every form's copy shares it: a tuple cannot be changed in place, so sharing is
safe. Choices are set by assignment, as with Django's fields; a ``KeptChoices`` (such as the kept
authorities, ``evidence.submissions.forms.reference_lists``) is taken as it is, without a walk.
"""

import copy
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from django import forms
from django.utils.choices import normalize_choices


class KeptChoices(tuple[Any, ...]):
    """Choices already normalised: (value, label) pairs, or crispy-forms-gds ``Choice``s."""

    @cached_property
    def labels(self) -> Mapping[Any, Any]:
        """Value -> label, made once per list (check your answers reads it for every row)."""
        return MappingProxyType(dict(self))


def kept(choices: Any) -> KeptChoices:
    if isinstance(choices, KeptChoices):
        return choices
    return KeptChoices(normalize_choices(choices))


class KeepsChoices:
    """Mixed into a Django choice field (before it): its choices kept, and shared by its copies."""

    widget: Any
    _choices: KeptChoices
    error_messages: dict[str, Any]
    validators: list[Any]

    @property
    def choices(self) -> KeptChoices:
        return self._choices

    @choices.setter
    def choices(self, value: Any) -> None:
        # Not through the widget's own setter, which would normalise them again.
        self._choices = self.widget._choices = kept(value)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """``Field.__deepcopy__`` without its deep copy of the choices: the widget is copied shallowly,
        so it shares the field's ``KeptChoices``, with attributes of its own."""
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


# Their choices are still (value, label) pairs, typed more narrowly: mypy sees two definitions.
class ChoiceField(KeepsChoices, forms.ChoiceField):  # type: ignore[misc]
    pass


class MultipleChoiceField(KeepsChoices, forms.MultipleChoiceField):  # type: ignore[misc]
    pass
