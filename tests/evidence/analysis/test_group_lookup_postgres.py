"""On PostgreSQL, a new signature's candidates come from the band indexes (one index seek per band),
and the lookup finds a row that shares a single band, once."""

import pytest
from django.db import connection, transaction

from evidence.analysis import groups
from evidence.models import BAND_FIELDS, SubmissionSignature
from tests.evidence.analysis.letters import letter
from tests.factories import SubmissionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.usefixtures("postgres")]


def test_the_lookup_is_one_index_seek_per_band():
    reading = groups.read(letter())
    assert reading.bands is not None
    with transaction.atomic(), connection.cursor() as cursor:
        # An empty test table is cheapest to scan whole; bench/analysis_groups.py shows the same plan
        # chosen unprompted at 1,000,000 rows. Here: the indexes can answer the OR, band by band.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = groups.band_lookup(0, reading.bands).explain()
    assert "Seq Scan" not in plan
    assert plan.count("Index Scan using evidence_submissionsignature_band_") == len(BAND_FIELDS)


def test_a_row_sharing_one_band_is_a_candidate_and_others_are_not():
    reading = groups.read(letter())
    assert reading.bands is not None
    sharing, apart = SubmissionFactory(), SubmissionFactory()
    SubmissionSignature.objects.create(
        submission=sharing, word_count=80, shingles=b"", band_17=reading.bands[17]
    )
    SubmissionSignature.objects.create(
        submission=apart, word_count=80, shingles=b"", band_17=reading.bands[17] + 1
    )
    SubmissionSignature.objects.filter(pk=sharing.pk).update(band_03=reading.bands[3])  # two bands shared
    found = [pk for pk, _, _ in groups.candidates(0, reading.bands)]
    assert found == [sharing.pk]
