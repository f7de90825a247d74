"""Each public page costs a small, fixed number of queries, however much content there is."""

import pytest

from consultation.models import ResponseSection
from evidence.models import Theme
from tests.factories import (
    AimFactory,
    ProposalFactory,
    QuestionFactory,
    QuestionGroupFactory,
    ResponseSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def warm_public_figures(db):
    """The question page's "Members told us" figures have their own cache, refreshed by beat every five
    minutes (evidence.publishing.public_figures): warm, as in service, so they cost no query here."""
    from evidence.publishing.public_figures import refresh_public_figures

    refresh_public_figures()


# Anonymous visitors, first (uncached) visit.
QUERIES = {
    "/response/": 3,  # consultation, aims, proposals
    "/response/union-response/": 2,  # consultation, sections
    "/response/questions/": 2,  # consultation, questions with their groups
    # consultation, question, neighbours, and the evidence app's panel (its themes; their figures cached)
    "/response/questions/18/": 4,
    "/response/search/?q=mediation": 3,  # consultation, questions, proposals
    "/response/downloads/nasuwt-answers.json": 2,
    "/response/downloads/nasuwt-answers.csv": 2,
}


def add_lots_more_content(consultation):
    groups = QuestionGroupFactory.create_batch(5, consultation=consultation)
    for number in range(22, 72):
        QuestionFactory(
            consultation=consultation,
            number=number,
            group=groups[number % 5],
            answer="More about mediation.\n\nAnd more.",
        )
    ProposalFactory.create_batch(20, consultation=consultation, detail="mediation everywhere")
    AimFactory.create_batch(10, consultation=consultation)
    ResponseSectionFactory.create_batch(10, consultation=consultation)
    ResponseSectionFactory.create_batch(10, consultation=consultation, kind=ResponseSection.Kind.CONCERN)
    consultation.questions.get(number=18).themes.set(Theme.objects.all())


@pytest.mark.parametrize("path", list(QUERIES))
def test_a_public_page_needs_the_same_queries_with_three_times_the_content(
    client, send_review, django_assert_num_queries, path
):
    with django_assert_num_queries(QUERIES[path]):
        assert client.get(path).status_code == 200

    add_lots_more_content(send_review)

    with django_assert_num_queries(QUERIES[path]):
        assert client.get(path).status_code == 200


def test_a_cached_page_needs_no_query_at_all(client, send_review, django_assert_num_queries):
    client.get("/response/questions/18/")

    with django_assert_num_queries(0):
        client.get("/response/questions/18/")
