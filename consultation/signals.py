"""Any change to consultation content retires the cached public pages.

What other apps show on these pages (``consultation.panels``) is theirs to retire: they call
``bump_content_version()`` when it changes.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from consultation import models
from consultation.page_cache import bump_content_version

CONTENT_MODELS = (
    models.Consultation,
    models.Aim,
    models.Proposal,
    models.ResponseSection,
    models.QuestionGroup,
    models.Question,
)


def _content_changed(sender: Any, **kwargs: Any) -> None:
    bump_content_version()
    # Again once the change is committed: a page rendered in between (from the old rows, under the
    # first bump's version) would otherwise be kept until the next save.
    transaction.on_commit(bump_content_version)


for content_model in CONTENT_MODELS:
    post_save.connect(_content_changed, sender=content_model, dispatch_uid=f"bump-{content_model.__name__}")
    post_delete.connect(
        _content_changed, sender=content_model, dispatch_uid=f"bump-delete-{content_model.__name__}"
    )
