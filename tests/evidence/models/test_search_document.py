"""One search document per submission (evidence.models.search): what it holds, kept up to date by every
write, gone with an erasure and the retention purge, and on PostgreSQL read through its trigram index.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evidence.choices import Status
from evidence.models import SearchDocument, Submission, WorkloadAnswer
from evidence.privacy import retention
from evidence.privacy.corrections import ContactCorrection, correct_contact_details
from evidence.privacy.erasure import erase_submissions
from evidence.triage import changes
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def document(submission: Submission) -> str:
    return SearchDocument.objects.get(submission=submission).text


def test_the_document_holds_the_reference_words_name_email_and_details_in_capitals_a_line_each():
    submission = SubmissionFactory(experience="Banding letters.", name="Jo Bloggs", email="jo@school.org")
    WorkloadAnswer.objects.create(submission=submission, details="The psychologist never came.")

    lines = document(submission).split("\n")
    assert lines[:4] == [submission.reference, "BANDING LETTERS.", "JO BLOGGS", "JO@SCHOOL.ORG"]
    assert "THE PSYCHOLOGIST NEVER CAME." in lines


def test_sending_evidence_writes_its_document_once_with_every_answer(client):
    from tests.journeys import evidence_answers, send_evidence

    answers = evidence_answers(themes=("workload", "banding", "general"))
    with CaptureQueriesContext(connection) as queries:
        send_evidence(client, answers)
    writes = [q for q in queries if q["sql"].startswith('INSERT INTO "evidence_searchdocument"')]

    assert len(writes) == 1
    text = SearchDocument.objects.get().text
    assert "EHCP FORMS." in text and "BANDS WERE CUT MID-YEAR." in text and "ERIN@EXAMPLE.ORG" in text


def test_no_search_word_spans_two_fields():
    submission = SubmissionFactory(experience="Ends with school", name="Bloggs")
    assert not Submission.objects.search("schoolBloggs").exists()
    assert list(Submission.objects.search("school bloggs")) == [submission]


def test_a_contact_correction_rewrites_the_document(alice):
    submission = SubmissionFactory(name="Jo Bloggs", email="jo@school.org")
    correction = ContactCorrection(
        name="Jo Smith",
        email="jo.smith@school.org",
        membership_number="",
        consent_to_contact=False,
        consent_to_quote=False,
    )
    correct_contact_details(submission=submission, correction=correction, by=alice)

    assert list(Submission.objects.search("smith")) == [submission]
    assert not Submission.objects.search("bloggs").exists()


def test_a_triage_change_does_not_write_the_document(alice):
    submission = SubmissionFactory()
    with CaptureQueriesContext(connection) as queries:
        changes.set_status(submissions=[submission.pk], status=Status.IN_REVIEW, by=alice)
    assert not [q for q in queries if "evidence_searchdocument" in q["sql"]]
    submission.priority = 3
    with CaptureQueriesContext(connection) as queries:
        submission.save(update_fields=["priority"])
    assert not [q for q in queries if "evidence_searchdocument" in q["sql"]]


# The erasure's and the purge's one-statement deletes are PostgreSQL's (``= ANY(ids)``).
@pytest.mark.postgres
def test_an_erasure_removes_the_document(postgres):
    erased, kept = SubmissionFactory(), SubmissionFactory()
    erase_submissions(submissions=[erased], actor="")
    assert list(SearchDocument.objects.values_list("submission", flat=True)) == [kept.pk]


@pytest.mark.postgres
def test_the_retention_purge_removes_the_document(postgres, settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old, new = SubmissionFactory(), SubmissionFactory()
    Submission.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=60))

    assert retention.purge_expired_evidence().submissions == 1
    assert list(SearchDocument.objects.values_list("submission", flat=True)) == [new.pk]


@pytest.mark.postgres
def test_on_postgresql_the_search_reads_the_one_trigram_index(postgres):
    wanted = SubmissionFactory(experience="The educational psychologist never came.")
    SubmissionFactory.create_batch(3)
    with connection.cursor() as cursor:
        # A few rows: make the planner show its index. Without the second, it may walk the whole
        # primary key instead (as cheap as a scan of four rows), depending on earlier tests' statistics.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Submission.objects.search("psychologist").explain()

    assert "searchdocument_text_trgm" in plan, plan
    assert list(Submission.objects.search("PSYCHOLOGIST never")) == [wanted]
