"""The consultation admin, Bob's (the content editor): everything edited inline, changes shown at once."""

import pytest

from consultation.models import Question
from tests.staff import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_client(client, bob):
    """Bob, the content editor, logged in: the consultation admin is his."""
    sign_in(client, bob)
    return client


def test_the_consultation_list_shows_and_searches(bobs_client, send_review):
    response = bobs_client.get("/admin/consultation/consultation/", {"q": "SEND Review"})

    assert response.status_code == 200
    assert "send-review-2022" in response.content.decode()


def test_the_consultation_form_edits_everything_inline(bobs_client, send_review):
    response = bobs_client.get(f"/admin/consultation/consultation/{send_review.pk}/change/")
    html = response.content.decode()

    assert response.status_code == 200
    for prefix in ("aims", "proposals", "response_sections", "question_groups", "questions"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    # The links are shown exactly as stored, typo included.
    assert 'value="http://www.nasuw.org.uk/ConsultationResponses"' in html


def test_the_question_list_searches_answers(bobs_client, send_review):
    response = bobs_client.get("/admin/consultation/question/", {"q": "mediation"})

    assert response.status_code == 200
    assert "Question 6" in response.content.decode() or "6</a>" in response.content.decode()


def test_saving_a_question_in_the_admin_updates_the_public_page(bobs_client, client, send_review):
    question = send_review.questions.get(number=17)
    bobs_client.get("/response/questions/17/")
    question.answer = "Unions must be engaged."
    question.save()
    bobs_client.logout()

    assert "Unions must be engaged." in client.get("/response/questions/17/").content.decode()


def test_staff_outside_the_content_editors_cannot_open_the_consultation_admin(
    client, alice, charlie, send_review
):
    for person in (alice, charlie):
        sign_in(client, person)

        response = client.get(f"/admin/consultation/consultation/{send_review.pk}/change/")

        assert response.status_code == 403, person.username


def test_question_numbers_are_unique_within_a_consultation(send_review):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(consultation=send_review, number=6, text="Again?", answer="No.")
