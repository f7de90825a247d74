"""Each step of the journey costs the same few queries however many authorities or submissions exist."""

import pytest
from django.test import Client

from evidence.models import LocalAuthority
from evidence.submissions.forms.reference_lists import lists_changed
from tests.factories import SubmissionFactory
from tests.files import tiny_file, upload
from tests.journeys import evidence_answers

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"
ALL_THEMES = ("workload", "banding", "notional-budgets", "training", "sv-dbv", "general")


def limit(label: str) -> int:
    """Session read (and write), the page's own reference data; the submit writes a six-theme submission
    with its theme flags, its links in one insert, each answer and its file, counts it into the weekly
    figures (its authority and programme, one upsert) and writes its search document (one upsert):
    21 measured (35 before the themes were read once, the authority not looked up again and the
    insert left without a savepoint)."""
    if label == "POST check-your-answers":
        return 21
    return 3 if label.startswith("GET") else 5


def walk(client, django_assert_max_num_queries) -> dict[str, int]:
    """The whole journey (all six themes, one file), counting each request's queries."""
    counts = {}

    def count(label, call):
        with django_assert_max_num_queries(limit(label)) as queries:
            response = call()
        assert response.status_code in (200, 302), (label, response.status_code)
        counts[label] = len(queries)

    client.get(SEND)
    for step, data in evidence_answers(themes=ALL_THEMES).items():
        if step == "contact-details":
            files = {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "continue"}
            count("GET attachments", lambda: client.get(f"{SEND}attachments/"))
            count("POST attachments", lambda files=files: client.post(f"{SEND}attachments/", files))
        count(f"GET {step}", lambda step=step: client.get(f"{SEND}{step}/"))
        count(f"POST {step}", lambda step=step, data=data: client.post(f"{SEND}{step}/", data))
    count("GET check-your-answers", lambda: client.get(f"{SEND}check-your-answers/"))
    count("POST check-your-answers", lambda: client.post(f"{SEND}check-your-answers/"))
    return counts


def test_each_step_takes_a_few_queries_however_much_data_there_is(client, django_assert_max_num_queries):
    before = walk(client, django_assert_max_num_queries)
    LocalAuthority.objects.bulk_create(
        LocalAuthority(gss_code=f"E9{n:07d}", la_number=9000 + n, name=f"Test authority {n}", type="other")
        for n in range(60)
    )
    lists_changed()  # bulk_create sends no signal: the pages would go on offering the kept list
    SubmissionFactory.create_batch(25, themes=["workload", "sv-dbv"])

    after = walk(Client(), django_assert_max_num_queries)

    print("\nqueries per request:", before)
    assert after == before
