"""The journey writes the member's session once per step: on the POST that answers it, never on a GET.

A database-backed session written on every page would be a write per request under load; this counts
the writes to django_session request by request, all the way to "Send evidence".
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.journeys import evidence_answers

pytestmark = pytest.mark.django_db


def session_writes(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (method, url, response.status_code)
    return sum("django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT") for q in queries)


def test_each_step_is_one_session_write_and_each_page_none(client):
    assert session_writes(client, "get", "/evidence/send/") == 1  # the journey begins
    writes = {}
    for step, data in evidence_answers().items():
        if step == "contact-details":
            assert session_writes(client, "get", "/evidence/send/attachments/") == 0
            writes["attachments"] = session_writes(
                client, "post", "/evidence/send/attachments/", {"action": "continue"}
            )
        assert session_writes(client, "get", f"/evidence/send/{step}/") == 0, step
        writes[step] = session_writes(client, "post", f"/evidence/send/{step}/", data)
    assert session_writes(client, "get", "/evidence/send/check-your-answers/") == 0
    writes["send"] = session_writes(client, "post", "/evidence/send/check-your-answers/")

    assert set(writes.values()) == {1}, writes


def test_a_refused_answer_writes_nothing_to_the_session(client):
    client.get("/evidence/send/")

    assert session_writes(client, "post", "/evidence/send/about-you/", {"role": "senco"}) == 0
