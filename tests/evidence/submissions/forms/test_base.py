"""What every question page shares (evidence.submissions.forms.base): crispy-forms' helper is made only
when a page is rendered, never for a form that is only checked."""

from unittest import mock

import pytest

from evidence.submissions.forms import base
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = pytest.mark.django_db


def helpers_made_by(call) -> int:
    with mock.patch.object(base, "FormHelper", wraps=base.FormHelper) as made:
        response = call()
    assert response.status_code in (200, 302)
    return made.call_count


def test_a_valid_answer_and_check_your_answers_make_no_helper(client):
    answers = evidence_answers()
    answer_evidence_steps(client, {"about-you": answers["about-you"]})

    assert helpers_made_by(lambda: client.post("/evidence/send/themes/", answers["themes"])) == 0
    answer_evidence_steps(client, answers)
    assert helpers_made_by(lambda: client.get("/evidence/send/check-your-answers/")) == 0


def test_a_page_shown_makes_its_helper_once(client):
    answer_evidence_steps(client, {"about-you": evidence_answers()["about-you"]})

    assert helpers_made_by(lambda: client.get("/evidence/send/themes/")) == 1
