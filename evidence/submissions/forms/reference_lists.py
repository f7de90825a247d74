"""The authorities and the themes the question pages offer, read once per process, not once per request.

Rules:
- Each process keeps each list under the version it read from the shared cache (``VERSION_KEY``) and
  reads the database again as soon as the cache holds another version.
- Saving or deleting an authority or a theme bumps the version (``connect``, from
  ``EvidenceConfig.ready``): at once, and again once the change commits, so a process that read the
  old rows in between reads them again. A renamed authority shows on the next page in every process.
- A version missing from the cache (evicted, cleared, Redis unreachable) is replaced by a new one: a
  missing version costs a read of the database, never a stale list.
- A change that sends no signal (``bulk_create``, ``update()``, SQL) must call ``lists_changed()``.
  The data migrations need not: they run before the new processes start.
- A list is kept at most ``MAX_AGE_SECONDS`` all the same, so a bump lost while Redis was down leaves
  a process out of date for minutes, not for good.

The lists are ``KeptChoices``, normalised once (``evidence.submissions.forms.kept_choices``).
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from crispy_forms_gds.choices import Choice
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from evidence.models import LocalAuthority, Theme
from evidence.submissions.forms.kept_choices import KeptChoices
from evidence.submissions.steps import PREFER_NOT_TO_SAY
from nasuwt_send import cache_versions

VERSION_KEY = "evidence:reference-lists-version"
MAX_AGE_SECONDS = 300

T = TypeVar("T")
# name -> (the version it was read under, when it was read, the list)
_kept: dict[str, tuple[int, float, Any]] = {}


def local_authority_choices() -> KeptChoices:
    """The 153 authorities, with "Prefer not to say" first after the prompt."""
    return _kept_or_read("authorities", _read_authorities)


def theme_choices() -> KeptChoices:
    """Each theme as a choice with its summary as the hint, in the themes' order."""
    return _kept_or_read("themes", _read_themes)


def theme_names() -> dict[str, str]:
    """Theme slug -> its name."""
    return {choice.value: choice.label for choice in theme_choices()}


def lists_changed() -> None:
    """Every process reads the lists again on its next request."""
    cache_versions.bump(VERSION_KEY)


def connect() -> None:
    for model in (LocalAuthority, Theme):
        post_save.connect(_changed, sender=model, dispatch_uid=f"reference-lists-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reference-lists-{model.__name__}-deleted")


def _changed(sender: Any, **kwargs: Any) -> None:
    lists_changed()
    transaction.on_commit(lists_changed)


def _read_authorities() -> KeptChoices:
    authorities = LocalAuthority.objects.order_by("name").values_list("pk", "name")
    return KeptChoices(
        [
            ("", "Select a local authority"),
            (PREFER_NOT_TO_SAY, "Prefer not to say"),
            *((str(pk), name) for pk, name in authorities),
        ]
    )


def _read_themes() -> KeptChoices:
    themes = Theme.objects.order_by("position").values_list("slug", "name", "summary")
    return KeptChoices(Choice(slug, name, hint=summary) for slug, name, summary in themes)


def _kept_or_read(name: str, read: Callable[[], T]) -> T:
    version, now = cache_versions.current(VERSION_KEY), time.monotonic()
    kept = _kept.get(name)
    if kept is not None and kept[0] == version and now - kept[1] < MAX_AGE_SECONDS:
        return kept[2]
    value = read()
    _kept[name] = (version, now, value)
    return value
