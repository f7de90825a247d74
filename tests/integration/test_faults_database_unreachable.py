"""PostgreSQL becomes unreachable from the web app for a moment while members send evidence.

A TcpProxy stands between gunicorn and PostgreSQL; the test cuts it, then restores it. Meanwhile the
member sees the friendly "try again shortly" page (503), never a stack trace, and /healthz says 503.
Once the database is back, sending the same page again carries on, and nothing typed is lost: the
journey lives in the database-backed session.
"""

import http.client
import time

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError
from django.test import RequestFactory

from evidence.models import Submission
from nasuwt_send import views
from tests.integration.fault_fixtures import (
    MEMBERS,
    Crowd,
    assert_nothing_typed_was_lost,
    fault_stack,
    member_answers,
    outbox_status,
    wait_for_every_acknowledgement,
)
from tests.integration.member import Member
from tests.integration.tcp_proxy import proxied_database_url

pytestmark = pytest.mark.integration

FRIENDLY = "Sorry, the service is unavailable – try again shortly"


@pytest.fixture
def proxy(test_database_url):
    proxy, url = proxied_database_url(test_database_url)
    yield proxy, url
    proxy.close()


@pytest.fixture
def stack(request, test_database_url, redis_url, proxy):
    with fault_stack(request, test_database_url, web_database_url=proxy[1]) as stack:
        yield stack


def healthz(base_url: str) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection(
        base_url.split("//")[1].split(":")[0], int(base_url.rsplit(":", 1)[1]), timeout=10
    )
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status, time.monotonic() - started
    finally:
        connection.close()


def assert_friendly(page: str) -> None:
    assert FRIENDLY in page
    for leak in ("Traceback", "OperationalError", "psycopg", "Server Error (500)"):
        assert leak not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_outage_shows_try_again_shortly_and_loses_nothing_typed(stack, proxy):
    tcp_proxy, _ = proxy
    started = time.monotonic()
    # One member, watched closely: part-way through, the database goes; they send the page again.
    witness = Member(stack.web.url)
    answers = member_answers(MEMBERS)
    page = witness.open_journey()
    for _ in range(4):  # about you, themes, workload, general: now on "your experience"
        page = witness.follow(witness.answer(page, answers))
    assert page.path == "/evidence/send/your-experience/"

    crowd = Crowd(stack.web.url, patience=30).start()
    crowd.wait_until_finished(10)
    tcp_proxy.cut()
    cut_at = time.monotonic()

    refused = witness.answer(page, answers)
    assert refused.status == 503
    assert refused.headers.get("retry-after") == "30"
    assert_friendly(refused.body)
    health = [healthz(stack.web.url) for _ in range(3)]
    assert all(status == 503 and seconds < 3 for status, seconds in health), health
    time.sleep(max(0.0, 4 - (time.monotonic() - cut_at)))  # unreachable for at least 4 s
    tcp_proxy.restore()
    repaired_at = time.monotonic()

    again = witness.answer(page, answers)  # the browser still has the page: send it again
    assert again.status == 302 and again.location == "/evidence/send/attachments/"
    reference = witness.send_evidence(answers, page=witness.follow(again))
    assert healthz(stack.web.url)[0] == 200
    crowd.join()

    crowd.assert_every_member_was_answered_quickly()
    unavailable = [body for journey in crowd.journeys for body in journey.member.unavailable_pages]
    for body in unavailable:
        assert_friendly(body)
    outcome = wait_for_every_acknowledgement(
        "database unreachable", stack, [*crowd.references, reference], repaired_at=repaired_at
    )
    print(
        outcome.summary(
            crowd,
            f"; database cut {repaired_at - cut_at:.1f} s, {len(unavailable)} 'try again shortly' pages "
            f"shown to the crowd, healthz {[f'{s} in {t:.2f} s' for s, t in health]}; "
            f"scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert unavailable, "the outage must catch members mid-journey"
    assert outcome.saved == MEMBERS + 1
    assert outcome.delivered == MEMBERS + 1
    assert outcome.duplicates == {}
    assert_nothing_typed_was_lost(crowd)
    sent = Submission.objects.get(reference=reference)
    assert sent.experience == answers["your-experience"]["experience"]
    assert sent.general.details == answers["general"]["details"]
    assert sent.email == answers["contact-details"]["email"]


def test_a_session_that_could_not_be_saved_for_the_outage_is_a_503_not_a_400():
    """What the crowd above found: the database session backend reports a failed save as
    SessionInterrupted, a 400 "bad request", raised while handling the OperationalError."""
    try:
        try:
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                raise UpdateError  # noqa: B904 (as Django's session backend does)
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")  # noqa: B904
    except SessionInterrupted as interrupted:
        response = views.bad_request(RequestFactory().post("/evidence/send/about-you/"), interrupted)

    assert response.status_code == 503
    assert_friendly(response.content.decode())


def test_a_session_really_gone_is_still_a_400():
    response = views.bad_request(RequestFactory().post("/"), SessionInterrupted("deleted meanwhile"))

    assert response.status_code == 400
