"""What evidence adds to each consultation question's page (evidence.question_panels): the themes
members can tell us about, through consultation's hook, and the cached pages retired when they change.
"""

import pytest

from consultation.models import Question
from evidence.models import Theme

pytestmark = pytest.mark.django_db


def question_page(client, number: int) -> str:
    return client.get(f"/response/questions/{number}/").content.decode()


def test_it_shows_no_evidence_block_for_a_question_without_themes(client):
    question = Question.objects.filter(themes__isnull=True).first()

    assert "Tell us about this" not in question_page(client, question.number)


def test_it_invites_evidence_on_the_themes_linked_to_the_question(client):
    themes = list(Theme.objects.filter(related_questions__number=18))
    assert themes, "the reference data links question 18 to its themes"

    html = question_page(client, 18)

    assert "Tell us about this" in html
    for theme in themes:
        assert f">{theme}</a>" in html


def test_renaming_a_linked_theme_retires_the_cached_question_page(client):
    theme = Theme.objects.filter(related_questions__number=18).first()
    question_page(client, 18)
    # Without the signal the cached page stands: it is the signal that retires it.
    Theme.objects.filter(pk=theme.pk).update(name="Renamed behind the cache's back")
    assert "Renamed behind the cache's back" not in question_page(client, 18)

    theme.name = "A renamed theme"
    theme.save()

    assert "A renamed theme" in question_page(client, 18)


def test_linking_a_theme_to_a_question_shows_at_once(client):
    question = Question.objects.get(number=8)
    theme = Theme.objects.exclude(related_questions=question).first()
    question_page(client, 8)
    theme.related_questions.add(question)

    assert f">{theme}</a>" in question_page(client, 8)


def test_unlinking_a_theme_from_the_questions_side_shows_at_once(client):
    question = Question.objects.get(number=18)
    theme = question.themes.first()
    assert f">{theme}</a>" in question_page(client, 18)

    question.themes.remove(theme)

    assert f">{theme}</a>" not in question_page(client, 18)


def test_deleting_a_theme_takes_it_off_the_cached_question_page(client):
    theme = Theme.objects.create(slug="a-new-theme", name="A new theme", position=99)
    theme.related_questions.add(Question.objects.get(number=8))
    assert ">A new theme</a>" in question_page(client, 8)

    theme.delete()

    assert ">A new theme</a>" not in question_page(client, 8)
