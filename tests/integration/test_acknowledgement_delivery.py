"""From the member's submission to the mail server, through a real Redis, worker and SMTP server.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL): the worker process reads the rows this test
commits. Prints the submit-to-inbox latency; bench/ack_latency.py measures it properly.
"""

import statistics
import time
import uuid

import pytest

from evidence.models import LocalAuthority, OutboundEmail
from evidence.submissions.create import submission_create
from evidence.submissions.draft import AboutYou, ContactDetails, SubmissionDraft
from evidence.tasks import send_weekly_digest
from evidence.weeks import IsoWeek
from tests.emails import assert_email_contains, assert_email_lacks
from tests.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUBMISSIONS = 20
TEAM = "education-team@example.org"
SITE_URL = "https://evidence.example.org"


def submit(authority: LocalAuthority, number: int):
    return submission_create(
        draft=SubmissionDraft(
            journey_key=uuid.uuid4(),
            about=AboutYou(
                role="senco", phase="primary", setting="maintained", local_authority_id=authority.id
            ),
            theme_slugs=("workload", "general"),
            answers={},
            experience=f"Evidence number {number}: the EHCP paperwork takes two days a week.",
            contact=ContactDetails(
                name="Erin Evans", email=f"member{number}@example.org", consent_to_contact=True
            ),
        )
    )


@pytest.fixture
def worker(celery_worker, smtp_sink, fresh_redis, test_database_url):
    return celery_worker(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        SITE_URL=SITE_URL,
        EDUCATION_TEAM_EMAILS=TEAM,
        EMAIL_RETRY_BACKOFF_SECONDS="1",  # a refused message is retried within a second...
        EMAIL_RETRY_BACKOFF_MAX_SECONDS="2",  # ...and the waits never grow past two
    )


def test_each_member_gets_exactly_one_acknowledgement_and_the_team_gets_the_digest(worker, smtp_sink):
    authority = LocalAuthority.objects.order_by("name").first()
    latencies: list[float] = []
    references: list[str] = []

    for number in range(SUBMISSIONS):
        started = time.monotonic()
        submission = submit(authority, number)
        [received] = smtp_sink.wait_for(lambda m, ref=submission.reference: ref in m.subject, timeout=30)
        latencies.append(received.received_at - started)
        references.append(submission.reference)

        assert received.rcpt_tos == [f"member{number}@example.org"]
        assert_email_contains(received, submission.reference)
        assert received.message_id == f"<ack.{submission.reference}@evidence.example.org>"
        assert_email_lacks(received, "Erin", f"member{number}@example.org")

    time.sleep(0.5)  # room for any duplicate to arrive
    for reference in references:
        assert len(smtp_sink.matching(lambda m, ref=reference: ref in m.subject)) == 1
    wait_until(
        lambda: not OutboundEmail.objects.exclude(status="sent").exists(), timeout=5, what="all rows sent"
    )

    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"\nsubmit-to-inbox latency over {len(latencies)} acknowledgements: "
        f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )

    week = IsoWeek.current()
    send_weekly_digest.delay(week=str(week))
    [digest] = smtp_sink.wait_for(lambda m: m.rcpt_tos == [TEAM], timeout=30)
    assert digest.subject == f"SEND evidence weekly digest {week}: {SUBMISSIONS} submissions"
    assert digest.message_id == f"<digest.{week}@evidence.example.org>"
    assert_email_contains(
        digest, f"Submissions received: {SUBMISSIONS}", f"{SITE_URL}/admin/evidence/submission/"
    )
    assert_email_lacks(digest, "Erin", *(f"member{number}@example.org" for number in range(SUBMISSIONS)))
    for part in ("text/plain", "text/html"):
        assert "@example.org" not in digest.part(part).replace(TEAM, ""), f"an address in the {part} part"

    send_weekly_digest.delay(week=str(week))  # the same week again: nothing more is sent
    time.sleep(1)
    assert len(smtp_sink.matching(lambda m: m.rcpt_tos == [TEAM])) == 1


def test_a_mail_server_refusing_for_a_while_still_gets_the_acknowledgement(worker, smtp_sink):
    authority = LocalAuthority.objects.order_by("name").first()
    smtp_sink.refuse(1)
    submission = submit(authority, 99)
    email = OutboundEmail.objects.get(idempotency_key=f"ack:{submission.reference}")
    # The first try is refused with 451; the retry follows within EMAIL_RETRY_BACKOFF_SECONDS.
    [received] = smtp_sink.wait_for(lambda m: submission.reference in m.subject, timeout=30)
    assert received.message_id == f"<ack.{submission.reference}@evidence.example.org>"
    # The worker marks the row just after the server accepts the message.
    wait_until(lambda: OutboundEmail.objects.filter(pk=email.pk, status="sent").exists(), timeout=5)
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.last_error == ""


def test_a_mail_server_answering_4xx_for_longer_than_the_old_budget_still_gets_it_there_once(
    worker, smtp_sink
):
    authority = LocalAuthority.objects.order_by("name").first()
    smtp_sink.refuse(10**6, "451 4.3.0 Mail server temporarily rejected message")
    submission = submit(authority, 98)
    email = OutboundEmail.objects.get(idempotency_key=f"ack:{submission.reference}")
    # The old budget was seven tries; this one is counted in time (a day by default).
    wait_until(
        lambda: OutboundEmail.objects.filter(pk=email.pk, attempts__gte=8).exists(),
        timeout=60,
        what="eight refused tries",
    )
    email.refresh_from_db()
    assert email.status in ("pending", "sending")
    assert email.last_error.startswith("SMTPDataError: 451 4.3.0")
    smtp_sink.refuse(0)

    [received] = smtp_sink.wait_for(lambda m: submission.reference in m.subject, timeout=30)
    assert received.message_id == f"<ack.{submission.reference}@evidence.example.org>"
    wait_until(lambda: OutboundEmail.objects.filter(pk=email.pk, status="sent").exists(), timeout=5)
    time.sleep(1)
    assert len(smtp_sink.matching(lambda m: submission.reference in m.subject)) == 1
    email.refresh_from_db()
    # The eighth try may have been claimed (counted) before the server stopped refusing and then got
    # through: eight or more tries, beyond the old budget of seven.
    assert email.attempts >= 8
    assert email.last_error == ""


def test_a_5xx_refusal_fails_the_ack_at_once_with_the_servers_reason(worker, smtp_sink):
    authority = LocalAuthority.objects.order_by("name").first()
    smtp_sink.refuse(1, "550 5.1.1 The email account that you tried to reach does not exist")
    submission = submit(authority, 97)
    email = OutboundEmail.objects.get(idempotency_key=f"ack:{submission.reference}")
    wait_until(
        lambda: OutboundEmail.objects.filter(pk=email.pk, status="failed").exists(),
        timeout=30,
        what="the row to fail",
    )
    email.refresh_from_db()
    assert email.attempts == 1
    assert email.last_error == (
        "SMTPDataError: 550 5.1.1 The email account that you tried to reach does not exist"
    )
    time.sleep(3)  # longer than any back-off: nothing tries again by itself
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert smtp_sink.matching(lambda m: submission.reference in m.subject) == []
