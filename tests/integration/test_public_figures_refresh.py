"""The public figures on the real path: beat's task name, a real worker on the heavy queue, PostgreSQL
and Redis. The worker builds the figures into the shared cache; the page then serves them without
building; a restriction retires them at once, and the page drops the quote.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from evidence.models import WeeklyFigure
from evidence.privacy.restriction import restrict
from evidence.publishing.public_figures import CACHE_KEY
from evidence.weeks import IsoWeek
from nasuwt_send.celery import app
from tests.factories import QuoteFactory
from tests.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORDS = "Walrus timetables ate the planning time"


def test_a_real_worker_refreshes_the_figures_the_page_serves(
    celery_worker, smtp_sink, fresh_redis, test_database_url, alice
):
    WeeklyFigure.objects.create(week=str(IsoWeek.last_complete()), dimension="all", value="", count=23)
    quote = QuoteFactory(text=WORDS, approved_by=alice, approved_at=timezone.now())
    celery_worker(database_url=test_database_url, redis_url=fresh_redis, email_url=smtp_sink.url)

    app.send_task("evidence.tasks.refresh_public_figures")

    figures = wait_until(lambda: cache.get(CACHE_KEY), timeout=30, what="the worker to refresh the figures")
    assert figures["total"] == {"value": 25, "text": "25"}
    assert [q["text"] for q in figures["quotes"]] == [WORDS]
    assert WORDS in Client().get("/what-members-told-us/").content.decode()

    restrict(submissions=[quote.submission], by=alice)

    assert cache.get(CACHE_KEY) is None
    assert WORDS not in Client().get("/what-members-told-us/").content.decode()
