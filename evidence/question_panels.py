"""What evidence adds to each consultation question's page: the themes members can tell us about, and
"Members told us about this": the shown counts of its themes and their approved quotes, from the cached
public figures (``evidence.publishing.public_figures``, which retires the question pages when they change).

Consultation offers the hook (``consultation.panels``) and imports nothing of evidence; this module
fills it at start-up (``EvidenceConfig.ready``), and retires the cached question pages whenever what
it shows changes: a theme saved or deleted, or its links to questions changed from either side.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from consultation.models import Question
from consultation.page_cache import bump_content_version
from consultation.panels import QuestionPanel, register_question_panel
from evidence.models import Theme
from evidence.publishing.public_figures import public_figures

QUOTES_PER_QUESTION = 3


def themes_panel(question: Question) -> QuestionPanel | None:
    """Its themes: what members told us about them (from the cached public figures), and where to tell us."""
    themes = list(Theme.objects.filter(related_questions=question).order_by("position"))
    if not themes:
        return None
    return QuestionPanel(
        "evidence/question_panels/themes.html",
        {"themes": themes, "told": members_told_us([theme.slug for theme in themes])},
    )


def members_told_us(slugs: list[str]) -> dict[str, Any]:
    """The shown counts of these themes and the newest approved quotes about them."""
    figures = public_figures()
    rows = {
        row["value"]: row
        for table in figures["tables"]
        if table["dimension"] == "theme"
        for row in table["rows"]
    }
    quotes = [
        quote for quote in figures["quotes"] if {theme["slug"] for theme in quote["themes"]} & set(slugs)
    ]
    return {
        "themes": [rows[slug] for slug in slugs if slug in rows],
        "quotes": quotes[:QUOTES_PER_QUESTION],
        "up_to_date": figures["up_to_date"],
    }


def _themes_changed(sender: Any, **kwargs: Any) -> None:
    bump_content_version()


def _links_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        bump_content_version()


def connect() -> None:
    register_question_panel("evidence-themes", themes_panel)
    post_save.connect(_themes_changed, sender=Theme, dispatch_uid="evidence-theme-saved")
    post_delete.connect(_themes_changed, sender=Theme, dispatch_uid="evidence-theme-deleted")
    m2m_changed.connect(
        _links_changed, sender=Theme.related_questions.through, dispatch_uid="evidence-theme-questions"
    )
