import re

import pytest

from tests.factories import ConsultationFactory, QuestionFactory, QuestionGroupFactory

pytestmark = pytest.mark.django_db
URL = "/response/questions/"


def test_it_lists_the_21_questions_in_their_groups(client, send_review):
    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', html)
    assert headings == [
        "Standards and local partnerships",
        "EHCPs, placements and redress",
        "Early years and the workforce",
        "Schools and post-16",
        "Alternative provision",
        "Accountability and funding",
        "Delivery",
    ]
    numbers = [int(n) for n in re.findall(r'href="/response/questions/(\d+)/"', html)]
    assert numbers == list(range(1, 22))


def test_it_puts_questions_without_a_group_last(client, no_consultations):
    consultation = ConsultationFactory()
    group = QuestionGroupFactory(consultation=consultation, title="Grouped")
    QuestionFactory(consultation=consultation, number=1, group=None)
    QuestionFactory(consultation=consultation, number=2, group=group)

    html = client.get(URL).content.decode()

    assert html.index("Grouped") < html.index("Other questions")
    assert html.index('href="/response/questions/2/"') < html.index('href="/response/questions/1/"')


def test_it_hides_unpublished_consultations_from_the_public(client, no_consultations):
    QuestionFactory(consultation=ConsultationFactory(published=False))

    assert client.get(URL).status_code == 404
