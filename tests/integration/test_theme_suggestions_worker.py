"""A member sends evidence through the web form; a real Celery worker, fed through a real Redis, stores
its theme suggestions within 5 seconds, and the member's request never computed them.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL): the worker reads the rows this test commits.
"""

import time

import pytest

from evidence.analysis.training import train_theme_model
from evidence.models import Submission, ThemeModel
from tests.integration.harness import wait_until
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ABOUT_BANDING_AND_SV = (
    "Our local authority banding panel moved pupils into a lower band and cut the top-up funding. "
    "The council is in the Safety Valve programme and schools were not consulted on the deficit plan."
)


@pytest.fixture
def worker(celery_worker, smtp_sink, fresh_redis, test_database_url):
    return celery_worker(database_url=test_database_url, redis_url=fresh_redis, email_url=smtp_sink.url)


def test_a_submission_sent_through_the_form_gets_its_suggestions_within_five_seconds(client, worker):
    if not ThemeModel.objects.exists():
        train_theme_model()  # the flush of a transactional test may have taken the migration's model
    answers = evidence_answers(themes=("workload",))
    answers["your-experience"]["experience"] = ABOUT_BANDING_AND_SV
    answer_evidence_steps(client, answers)

    started = time.monotonic()
    response = client.post("/evidence/send/check-your-answers/")  # "Send evidence"
    assert response.status_code == 302
    submission = Submission.objects.get()
    wait_until(
        lambda: (
            {"banding", "sv-dbv"} <= set(submission.theme_suggestions.values_list("theme__slug", flat=True))
        ),
        timeout=5,
        what="the worker's suggestions",
    )
    print(f"\nsent to suggestions stored: {time.monotonic() - started:.2f} s")
    assert not submission.theme_suggestions.filter(theme__slug="workload").exists()
