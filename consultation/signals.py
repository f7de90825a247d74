"""Any change to consultation content retires the cached public pages."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

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


def _content_changed(sender, **kwargs):
    bump_content_version()


# Themes (from the evidence app) show on the question pages; reach their model through the reverse
# relation, so this app never imports evidence, and only once that relation exists.
LINKED_MODELS = (models.Question.themes.rel.related_model,) if hasattr(models.Question, "themes") else ()

for content_model in CONTENT_MODELS + LINKED_MODELS:
    post_save.connect(_content_changed, sender=content_model, dispatch_uid=f"bump-{content_model.__name__}")
    post_delete.connect(
        _content_changed, sender=content_model, dispatch_uid=f"bump-delete-{content_model.__name__}"
    )


@receiver(m2m_changed, dispatch_uid="consultation-question-links-changed")
def _question_links_changed(sender, instance, model, action, **kwargs):
    # Another app's many-to-many to Question (evidence themes) shows on the question pages.
    if action.startswith("post_") and (model is models.Question or isinstance(instance, models.Question)):
        bump_content_version()
