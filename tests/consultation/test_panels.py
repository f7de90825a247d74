"""The question page's hook (consultation.panels): what another app registers is shown after the
union's answer, in the order registered, and cached with the page; a provider answering None shows
nothing. The provider here is the test's own: consultation knows no other app.
"""

from pathlib import Path

import pytest

from consultation import panels
from consultation.page_cache import bump_content_version
from consultation.panels import QuestionPanel, register_question_panel

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).parent / "templates"
PANEL = "consultation_tests/panel.html"


@pytest.fixture(autouse=True)
def only_the_tests_providers(monkeypatch, settings):
    """An empty registry (the evidence app's provider set aside), and the test's panel template."""
    monkeypatch.setattr(panels, "_providers", {})
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]


def saying(words: str):
    return lambda question: QuestionPanel(PANEL, {"words": words.format(number=question.number)})


def question_page(client, number: int = 6) -> str:
    response = client.get(f"/response/questions/{number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_registered_providers_panel_is_shown_after_the_answer(client):
    register_question_panel("test", saying("Tell us about question {number}"))

    html = question_page(client, 6)

    assert '<aside class="test-panel">Tell us about question 6</aside>' in html
    assert (
        html.index('class="union-answer"') < html.index("test-panel") < html.index('aria-label="Questions"')
    )


def test_a_provider_answering_none_shows_nothing(client):
    register_question_panel(
        "only-7", lambda question: None if question.number != 7 else saying("Seven")(question)
    )

    assert "test-panel" not in question_page(client, 6)
    assert '<aside class="test-panel">Seven</aside>' in question_page(client, 7)


def test_panels_come_in_the_order_registered_and_a_name_registered_again_replaces_its_own(client):
    register_question_panel("first", saying("First panel"))
    register_question_panel("second", saying("Second panel"))
    register_question_panel("first", saying("First panel, replaced"))

    html = question_page(client)

    assert html.count("test-panel") == 2
    assert "First panel<" not in html
    assert html.index("First panel, replaced") < html.index("Second panel")


def test_what_a_provider_gives_is_escaped(client):
    register_question_panel("test", saying("<script>alert(1)</script>"))

    html = question_page(client)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_panel_is_cached_with_the_page_until_the_content_version_moves(client):
    asked = []

    def counting(question):
        asked.append(question.number)
        return QuestionPanel(PANEL, {"words": f"Asked {len(asked)} times"})

    register_question_panel("test", counting)

    assert "Asked 1 times" in question_page(client)
    assert "Asked 1 times" in question_page(client), "served from the cache"
    bump_content_version()
    assert "Asked 2 times" in question_page(client)
    assert asked == [6, 6]
