"""The question pages (evidence.views.journey): what every page carries, and journey_step, the preamble
of every page of the journey: no journey goes to the start (a repeated send to the confirmation), a
step not reached yet to the first one unanswered, and nothing is cached.
"""

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from evidence.submissions.journey import Journey
from evidence.submissions.steps import ABOUT, CHECK, CONTACT, THEMES
from evidence.views.journey import journey_step
from tests.journeys import answer_evidence_steps, evidence_answers, send_evidence

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


def test_the_attachments_page_not_reached_sends_the_member_to_the_first_unanswered_step(client):
    answers = evidence_answers()
    answer_evidence_steps(client, {step: answers[step] for step in ("about-you", "themes")})

    assert client.get(f"{SEND}attachments/")["Location"] == f"{SEND}workload/"


def test_posting_check_your_answers_again_after_sending_shows_the_confirmation(client):
    send_evidence(client)

    assert client.post(f"{SEND}check-your-answers/")["Location"] == "/evidence/sent/"
    assert client.get(f"{SEND}check-your-answers/")["Location"] == SEND, "only the repeated send"


# --- journey_step, on views of its own ------------------------------------------------------------


@journey_step(THEMES)
def themes_page(request, journey):
    return HttpResponse(str(journey.key))


@journey_step()
def any_step(request, journey, *, step):
    return HttpResponse(step)


@journey_step(CHECK)
def check_page(request, journey):
    return HttpResponse("checked every step itself")


def request_for(session: SessionBase, method: str = "get"):
    request = getattr(RequestFactory(), method)("/evidence/send/a-step/")
    request.session = session
    return request


@pytest.fixture
def session() -> SessionBase:
    return SessionStore()


def test_with_no_journey_the_member_goes_to_the_start(session):
    for view, kwargs in ((themes_page, {}), (any_step, {"step": ABOUT}), (check_page, {})):
        response = view(request_for(session), **kwargs)

        assert (response.status_code, response["Location"]) == (302, SEND)


def test_a_repeated_send_after_the_journey_ended_goes_to_the_confirmation(session):
    Journey.begin(session).finish("SEND-AAAA-BBBB")

    assert check_page(request_for(session, "post"))["Location"] == "/evidence/sent/"
    assert check_page(request_for(session, "get"))["Location"] == SEND
    assert themes_page(request_for(session, "post"))["Location"] == SEND


def test_posting_check_your_answers_with_nothing_sent_goes_to_the_start(session):
    assert check_page(request_for(session, "post"))["Location"] == SEND


def test_a_step_not_reached_sends_the_member_to_the_first_unanswered_one(session):
    journey = Journey.begin(session)
    journey.save(ABOUT, {"role": ["senco"]})

    response = any_step(request_for(session), step=CONTACT)

    assert response["Location"] == f"{SEND}themes/"


def test_a_step_reached_gets_the_members_journey(session):
    journey = Journey.begin(session)
    journey.save(ABOUT, {"role": ["senco"]})

    response = themes_page(request_for(session))

    assert response.status_code == 200
    assert response.content.decode() == str(journey.key)


def test_without_a_step_named_it_takes_the_step_from_the_address(session):
    Journey.begin(session)

    assert any_step(request_for(session), step=ABOUT).content.decode() == ABOUT
    assert any_step(request_for(session), step=THEMES)["Location"] == f"{SEND}about-you/"


def test_check_your_answers_is_left_to_check_every_step_itself(session):
    Journey.begin(session)

    response = check_page(request_for(session))

    assert (response.status_code, response.content.decode()) == (200, "checked every step itself")


def test_no_page_of_the_journey_is_ever_cached(session):
    Journey.begin(session)

    for response in (any_step(request_for(session), step=ABOUT), themes_page(request_for(session))):
        assert response.status_code in (200, 302)
        assert {"no-cache", "no-store", "must-revalidate", "private"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }
