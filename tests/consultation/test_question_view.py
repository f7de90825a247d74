import pytest

from tests.factories import ConsultationFactory, QuestionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db


def test_each_question_has_a_permanent_address(send_review):
    assert send_review.questions.get(number=6).get_absolute_url() == "/response/questions/6/"


def test_it_shows_the_question_as_asked_and_every_paragraph_of_the_answer(client, send_review):
    question = send_review.questions.get(number=20)

    response = client.get("/response/questions/20/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Question 20</h1>' in html
    assert question.text in html
    assert html.count('<p class="govuk-body">', html.index("union-answer")) >= 4
    assert "Question 20 of 21: Delivery" in html
    assert 'class="union-question"' in html


def test_it_links_the_previous_and_next_questions(client, send_review):
    html = client.get("/response/questions/18/").content.decode()

    assert 'href="/response/questions/17/" rel="prev"' in html
    assert 'href="/response/questions/19/" rel="next"' in html
    assert 'class="govuk-pagination govuk-pagination--block"' in html


def test_the_first_and_last_questions_have_one_neighbour_each(client, send_review):
    first = client.get("/response/questions/1/").content.decode()
    last = client.get("/response/questions/21/").content.decode()

    assert 'rel="prev"' not in first and 'href="/response/questions/2/" rel="next"' in first
    assert 'rel="next"' not in last and 'href="/response/questions/20/" rel="prev"' in last


def test_it_skips_over_gaps_in_the_numbering(client, no_consultations):
    consultation = ConsultationFactory()
    for number in (1, 5, 9):
        QuestionFactory(consultation=consultation, number=number)

    html = client.get("/response/questions/5/").content.decode()

    assert 'href="/response/questions/1/" rel="prev"' in html
    assert 'href="/response/questions/9/" rel="next"' in html


@pytest.mark.parametrize(
    "path", ["/response/questions/99/", "/response/questions/0/", "/response/questions/abc/"]
)
def test_unknown_or_non_numeric_questions_are_not_found(client, send_review, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/response/questions/99/",
        "/response/questions/abc/",
        "/response/questions/-1/",
        "/response/questions/99999999999999999999999/",
    ],
)
def test_they_get_the_sites_own_404_page(client, send_review, settings, path):
    settings.DEBUG = False

    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_hides_questions_of_unpublished_consultations_from_the_public(client, no_consultations):
    QuestionFactory(consultation=ConsultationFactory(published=False), number=1)

    assert client.get("/response/questions/1/").status_code == 404


def test_it_shows_questions_of_unpublished_consultations_to_staff(client, no_consultations, bob):
    QuestionFactory(consultation=ConsultationFactory(published=False), number=1, answer="Draft answer")
    sign_in(client, bob)

    response = client.get("/response/questions/1/")

    assert response.status_code == 200
    assert "Draft answer" in response.content.decode()
