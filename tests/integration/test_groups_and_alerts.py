"""A member sends a template letter through the web form; a real worker (Redis, PostgreSQL) groups it
with the copy already held within 5 seconds, and the team's alert reaches a real SMTP server.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import time

import pytest

from evidence.analysis import groups
from evidence.models import Submission, SubmissionSignature
from tests.evidence.analysis.letters import letter
from tests.factories import SubmissionFactory, unlisted_authorities
from tests.integration.harness import wait_until
from tests.journeys import evidence_answers, send_evidence

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALERTS = "alerts@example.org"
SITE_URL = "https://evidence.example.org"


@pytest.fixture
def worker(celery_worker, smtp_sink, fresh_redis, test_database_url):
    return celery_worker(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        SITE_URL=SITE_URL,
        EVIDENCE_ALERT_EMAILS=ALERTS,
    )


def test_a_letter_sent_through_the_form_is_grouped_within_5_seconds_and_the_alert_arrives(
    client, worker, smtp_sink
):
    held = SubmissionFactory(experience=letter("Oak Primary School", "Jane Smith"))
    groups.find_group(submission_id=held.pk)
    authority = unlisted_authorities(1)[0]
    answers = evidence_answers(themes=("sv-dbv",), authority=authority.name)
    answers["your-experience"]["experience"] = letter("Elm Academy", "Raj Patel")

    started = time.monotonic()
    response = send_evidence(client, answers)
    assert response.status_code == 302
    sent = Submission.objects.exclude(pk=held.pk).get()
    wait_until(
        lambda: SubmissionSignature.objects.filter(pk=sent.pk, group__isnull=False).exists(),
        timeout=5,
        interval=0.05,
        what="the new submission's group",
    )
    grouped_after = time.monotonic() - started
    print(f"grouped {grouped_after:.2f} s after Send")
    assert (
        SubmissionSignature.objects.get(pk=sent.pk).group_id
        == SubmissionSignature.objects.get(pk=held.pk).group_id
    )

    [alert] = smtp_sink.wait_for(
        lambda m: ALERTS in m.rcpt_tos and "not on our list" in m.subject, timeout=30
    )
    for part in ("text/plain", "text/html"):
        body = alert.part(part)
        assert authority.name in body and "Safety Valve" in body
        for personal in ("Erin", "erin@example.org", "NAS12345", sent.reference, "Raj Patel"):
            assert personal not in body
