"""The search service: full-text on PostgreSQL, a simple word match elsewhere."""

import pytest
from django.db import connection

from consultation.search import HIGHLIGHT_OPEN, search
from tests.factories import ConsultationFactory, ProposalFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_it_finds_question_6_for_mediation(send_review):
    results = search(send_review, "mediation")

    assert results[0].url == "/response/questions/6/"
    assert results[0].title.startswith("Question 6: ")
    assert HIGHLIGHT_OPEN in results[0].extract
    assert any(result.kind == "Proposal" for result in results)


def test_it_needs_every_word_to_match(send_review):
    urls = [result.url for result in search(send_review, "mediation banding")]

    assert "/response/questions/6/" not in urls


def test_it_escapes_content_before_highlighting(no_consultations):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, number=1, answer="<script>alert('budget')</script> budget")

    [result] = search(consultation, "budget")

    assert "<script>" not in result.extract
    assert "alert(&#x27;" in result.extract
    assert result.extract.count(HIGHLIGHT_OPEN) >= 1


def test_it_searches_only_the_given_consultation(no_consultations):
    mine, other = ConsultationFactory(), ConsultationFactory()
    QuestionFactory(consultation=other, answer="budgets")
    ProposalFactory(consultation=other, detail="budgets")

    assert search(mine, "budgets") == []


def test_it_strips_the_markup_from_extracts(send_review):
    results = search(send_review, "tariffs")

    assert all("**" not in result.extract for result in results)


def test_postgresql_ranks_and_highlights_with_full_text_search(postgres, send_review):
    assert connection.vendor == "postgresql"

    # Stemming: "mediate" finds "mediation", which a plain substring match would not.
    results = search(send_review, "mediate")

    assert results[0].url == "/response/questions/6/"
    assert '<mark class="union-highlight">mediation</mark>' in results[0].extract
    assert results == sorted(results, key=lambda result: -result.rank)


def test_postgresql_understands_web_search_syntax(postgres, send_review):
    with_phrase = [r.url for r in search(send_review, '"mandatory mediation"')]
    excluding = [r.url for r in search(send_review, "mediation -appeal")]

    assert "/response/questions/6/" in with_phrase
    assert all("proposal-5" not in url for url in excluding)


def test_postgresql_copes_with_stop_words_and_punctuation_only(postgres, send_review):
    assert search(send_review, "the and of") == []
    assert search(send_review, "'; -- ) (") == []
