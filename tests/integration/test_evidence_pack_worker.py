"""An evidence pack on the real path: asked for in the admin's process, made by a real Celery worker that
listens on the ``heavy`` queue alone, stored in the private file area, with PostgreSQL and Redis.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import pytest
from django.conf import settings

from evidence.models import EvidencePack, PackQuote
from evidence.publishing.packs.lifecycle import request_pack
from evidence.storage import evidence_storage
from tests.evidence.publishing.pack_text import docx_text
from tests.factories import (
    ApprovedQuoteFactory,
    SubmissionFactory,
    SvDbvAnswerFactory,
    staff_group,
    staff_member,
)
from tests.integration.harness import CeleryWorker, wait_until, worker_environment

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_on_the_heavy_queue_makes_the_pack(smtp_sink, fresh_redis, test_database_url, tmp_path):
    staff_group("Education Team")
    alice = staff_member("alice")
    for _ in range(6):
        SvDbvAnswerFactory(programme="sv")
    consenting = SvDbvAnswerFactory(
        programme="both", submission=SubmissionFactory(themes=["sv-dbv"], consent_to_quote=True)
    )
    quote = ApprovedQuoteFactory(
        submission=consenting.submission, text="Specialist teachers were cut from every school."
    )
    environment = worker_environment(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        EVIDENCE_ATTACHMENT_ROOT=str(settings.EVIDENCE_ATTACHMENT_ROOT),
    )
    worker = CeleryWorker(environment, tmp_path / "heavy-worker.log", queues="heavy").start()
    try:
        pack = request_pack(kind="programme", key="sv", format="docx", by=alice)  # autocommit: queued now

        def ready() -> bool:
            pack.refresh_from_db()
            assert pack.status != EvidencePack.Status.FAILED, worker.log
            return pack.status == EvidencePack.Status.READY

        wait_until(ready, timeout=60, what="the worker to make the pack")
    finally:
        worker.stop()
    assert "make_evidence_pack" in worker.log
    assert pack.progress == 100 and pack.submission_count == 7
    with evidence_storage().open(pack.file.name, "rb") as stored:
        text = docx_text(stored.read())
    assert "Specialist teachers were cut from every school." in text
    assert list(PackQuote.objects.values_list("quote_id", flat=True)) == [quote.pk]
