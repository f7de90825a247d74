"""A reader's journey through the published response, in Chromium, with an axe check on every page."""

import importlib
import re

import pytest
from django.apps import apps

from tests.e2e.conftest import assert_accessible

CONTENT_MIGRATION = importlib.import_module("consultation.migrations.0002_load_send_review_content")


@pytest.fixture
def send_review(transactional_db):
    """live_server flushes the database between tests: put the consultation content back."""
    CONTENT_MIGRATION.load_content(apps, None)


def check(page) -> None:
    assert page.console.errors == []
    assert_accessible(page)


def test_a_reader_goes_from_the_home_page_to_the_answer_about_mediation(page, send_review):
    page.goto("/")
    page.get_by_role("link", name="Read the union's response to the Green Paper").click()

    assert page.locator("h1").inner_text() == "SEND Review: right support, right place, right time"
    check(page)

    page.get_by_role("link", name="The union's answers, question by question").click()
    assert page.locator("h1").inner_text() == "The consultation questions and the union's answers"
    check(page)

    page.get_by_role("link", name=re.compile(r"^Question 18: ")).click()
    assert page.url.endswith("/response/questions/18/")
    assert page.locator("h1").inner_text() == "Question 18"
    check(page)

    page.get_by_role("link", name=re.compile(r"^Next")).click()
    assert page.url.endswith("/response/questions/19/")
    assert page.locator("h1").inner_text() == "Question 19"

    page.get_by_role("link", name="All questions and answers").click()
    page.get_by_label("Search the proposals and the union's answers").fill("mediation")
    page.get_by_role("button", name="Search").click()
    assert "results for “mediation”" in page.locator("h2#results").inner_text()
    assert page.locator("mark.union-highlight").first.is_visible()
    check(page)

    page.get_by_role("link", name=re.compile(r"^Question 6: ")).click()
    assert page.url.endswith("/response/questions/6/")
    assert "mandatory mediation is appropriate" in page.locator(".union-answer").inner_text()
    check(page)


def test_the_response_page_and_an_empty_search_are_accessible(page, send_review):
    page.goto("/response/union-response/")
    assert page.locator("h1").inner_text() == "The NASUWT's response"
    assert page.get_by_role("link", name="The answers as a spreadsheet (CSV)").is_visible()
    check(page)

    page.goto("/response/search/")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    check(page)
