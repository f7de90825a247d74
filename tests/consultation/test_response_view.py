import pytest

from consultation.models import ResponseSection
from tests.factories import ConsultationFactory, ResponseSectionFactory

pytestmark = pytest.mark.django_db
URL = "/response/union-response/"


def test_it_shows_the_unions_support_concerns_and_sections(client, send_review):
    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">The NASUWT\'s response</h1>' in html
    assert "The NASUWT supports the broad aims of the Green Paper." in html
    assert "the primary driver for the proposed reforms is to cut costs" in html
    for heading in (
        "The relationship between SEND policy and mainstream education policies",
        "Resourcing, including current funding developments",
        "Workload pressures on teachers and school leaders",
    ):
        assert f">{heading}</h2>" in html
    assert 'href="#workload"' in html


def test_it_links_the_downloads_and_the_full_response_as_written(client, send_review):
    html = client.get(URL).content.decode()

    assert 'href="/response/downloads/nasuwt-answers.csv"' in html
    assert 'href="/response/downloads/nasuwt-answers.json"' in html
    assert 'href="http://www.nasuw.org.uk/ConsultationResponses"' in html


def test_it_leaves_out_the_full_response_link_when_there_is_none(client, no_consultations):
    ConsultationFactory(full_response_url="")

    html = client.get(URL).content.decode()

    assert "full response to the consultation can be found" not in html


def test_it_shows_sections_in_their_order(client, no_consultations):
    consultation = ConsultationFactory()
    ResponseSectionFactory(consultation=consultation, order=2, heading="Second")
    ResponseSectionFactory(consultation=consultation, order=1, heading="First")
    ResponseSectionFactory(
        consultation=consultation, order=3, kind=ResponseSection.Kind.CONCERN, body="a worry"
    )

    html = client.get(URL).content.decode()

    assert html.index(">First</h2>") < html.index(">Second</h2>")
    assert "a worry" in html


def test_it_hides_unpublished_consultations_from_the_public(client, no_consultations):
    ConsultationFactory(published=False)

    assert client.get(URL).status_code == 404
