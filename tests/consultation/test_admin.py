import pytest

from consultation.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
    client.force_login(superuser)
    return client


def test_the_consultation_list_shows_and_searches(admin_client_for, send_review):
    response = admin_client_for.get("/admin/consultation/consultation/", {"q": "SEND Review"})

    assert response.status_code == 200
    assert "send-review-2022" in response.content.decode()


def test_the_consultation_form_edits_everything_inline(admin_client_for, send_review):
    response = admin_client_for.get(f"/admin/consultation/consultation/{send_review.pk}/change/")
    html = response.content.decode()

    assert response.status_code == 200
    for prefix in ("aims", "proposals", "response_sections", "question_groups", "questions"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    # The links are shown exactly as stored, typo included.
    assert 'value="http://www.nasuw.org.uk/ConsultationResponses"' in html


def test_the_question_list_searches_answers(admin_client_for, send_review):
    response = admin_client_for.get("/admin/consultation/question/", {"q": "mediation"})

    assert response.status_code == 200
    assert "Question 6" in response.content.decode() or "6</a>" in response.content.decode()


def test_saving_a_question_in_the_admin_updates_the_public_page(admin_client_for, client, send_review):
    question = send_review.questions.get(number=17)
    admin_client_for.get("/response/questions/17/")
    question.answer = "Unions must be engaged."
    question.save()
    admin_client_for.logout()

    assert "Unions must be engaged." in client.get("/response/questions/17/").content.decode()


def test_staff_without_permission_cannot_open_the_consultation_admin(client, bob, send_review):
    client.force_login(bob)

    response = client.get(f"/admin/consultation/consultation/{send_review.pk}/change/")

    assert response.status_code == 403


def test_question_numbers_are_unique_within_a_consultation(send_review):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(consultation=send_review, number=6, text="Again?", answer="No.")
