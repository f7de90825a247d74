"""A stored pack's life: made from its row (tasks run in-process here), its quotes remembered, deleted
with its file when a quote it holds is removed or when it expires, and on record in the audit log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.models import AuditEvent, EvidencePack, PackQuote, Quote, quotes_removed
from evidence.publishing.packs import lifecycle
from evidence.storage import evidence_storage
from tests.factories import ApprovedQuoteFactory, SubmissionFactory, SvDbvAnswerFactory

pytestmark = pytest.mark.django_db


def made_pack(alice, fmt="pdf"):
    pack = EvidencePack.objects.create(kind="programme", key="sv", format=fmt, requested_by=alice)
    return lifecycle.make_pack(pack_id=pack.pk)


@pytest.fixture
def quote():
    submission = SvDbvAnswerFactory(
        programme="sv", submission=SubmissionFactory(themes=["sv-dbv"], consent_to_quote=True)
    ).submission
    return ApprovedQuoteFactory(submission=submission, text="The outreach team was cut.")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_made_pack_is_stored_privately_with_its_quotes_and_on_record(alice, quote, fmt):
    pack = made_pack(alice, fmt)

    assert pack.status == EvidencePack.Status.READY and pack.progress == 100
    assert pack.file.name.startswith("packs/")
    assert evidence_storage().exists(pack.file.name)
    assert pack.submission_count == 1
    assert list(PackQuote.objects.filter(pack=pack).values_list("quote_id", flat=True)) == [quote.pk]
    event = AuditEvent.objects.get(action=AuditEvent.Action.MAKE_PACK)
    assert event.actor == "alice" and event.target == f"pack {pack.pk}"
    assert "outreach" not in event.detail


def test_removing_a_quote_deletes_every_pack_holding_it_and_their_files(
    alice, quote, django_capture_on_commit_callbacks
):
    holding = made_pack(alice)
    name = holding.file.name
    other_quote_pack = EvidencePack.objects.create(kind="theme", key="banding", format="pdf")
    PackQuote.objects.create(pack=other_quote_pack, quote_id=quote.pk + 1000)

    with django_capture_on_commit_callbacks(execute=True):
        quote_id = quote.pk
        Quote.objects.filter(pk=quote_id).delete()
        quotes_removed.send(sender=Quote, quote_ids=[quote_id])

    assert not EvidencePack.objects.filter(pk=holding.pk).exists()
    assert not evidence_storage().exists(name)
    assert EvidencePack.objects.filter(pk=other_quote_pack.pk).exists()


def test_packs_older_than_the_retention_period_are_purged_with_their_files(
    alice, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_PACK_RETENTION_DAYS = 30
    old, recent = made_pack(alice), made_pack(alice)
    EvidencePack.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        assert lifecycle.purge_expired_packs() == 1

    assert not EvidencePack.objects.filter(pk=old.pk).exists()
    assert not evidence_storage().exists(old.file.name)
    assert evidence_storage().exists(recent.file.name)


def test_a_pack_that_cannot_be_made_is_marked_failed(alice):
    pack = EvidencePack.objects.create(kind="theme", key="no-such-theme", format="pdf", requested_by=alice)
    with pytest.raises(ValueError):
        lifecycle.make_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.FAILED


def test_a_list_packs_search_words_stay_out_of_the_pack_and_the_audit_log(alice):
    from evidence.admin.pack_list import list_submissions

    SvDbvAnswerFactory(
        programme="sv", submission=SubmissionFactory(themes=["sv-dbv"], name="Jemima Puddleduck")
    )
    pack = EvidencePack.objects.create(
        kind="list", key="reported_programme=sv&q=Puddleduck", format="docx", requested_by=alice
    )
    pack = lifecycle.make_pack(pack_id=pack.pk, list_submissions=list_submissions)

    from tests.evidence.publishing.pack_text import docx_text

    with pack.file.open("rb") as stored:
        text = docx_text(stored.read())
    assert "Filters: reported_programme=sv (and a search)" in text
    assert "Puddleduck" not in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.MAKE_PACK)
    assert "Puddleduck" not in event.detail and "reported_programme=sv" in event.detail
    assert pack.submission_count == 1
