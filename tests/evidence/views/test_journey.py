"""The question pages (evidence.views.journey): what every page carries, and the journey_step preamble."""

import pytest

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"


def test_a_step_without_a_journey_starts_one(client):
    assert client.get(f"{SEND}themes/")["Location"] == SEND


def test_a_member_cannot_skip_ahead(client):
    client.get(SEND)

    response = client.get(f"{SEND}contact-details/")

    assert response["Location"] == f"{SEND}about-you/"


def test_an_unknown_step_is_not_found(client):
    client.get(SEND)

    assert client.get(f"{SEND}no-such-step/").status_code == 404


def test_every_question_page_has_the_honeypot_and_a_guarded_button(client):
    client.get(SEND)

    page = client.get(f"{SEND}about-you/").content.decode()

    assert 'class="union-honeypot"' in page
    assert 'name="website" value="" autocomplete="off" tabindex="-1"' in page
    assert "Leave this blank" in page
    assert 'data-prevent-double-click="true"' in page
    assert "novalidate" in page
    assert "<script>" not in page and "style=" not in page
