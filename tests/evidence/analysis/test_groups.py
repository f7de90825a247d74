from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.analysis import groups
from evidence.demo.seed import create_demo_submissions
from evidence.models import NearDuplicateGroup, Submission, SubmissionSignature, WorkloadAnswer
from evidence.privacy import retention
from evidence.privacy.erasure import erase_submissions
from tests.evidence.analysis.letters import UNRELATED, letter, words
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def sent(text: str, details: str = "") -> int:
    submission = SubmissionFactory(experience=text)
    if details:
        WorkloadAnswer.objects.create(submission=submission, details=details)
    groups.find_group(submission_id=submission.pk)
    return submission.pk


def group_of(submission_id: int) -> int | None:
    return SubmissionSignature.objects.get(pk=submission_id).group_id


def test_edited_copies_of_a_template_letter_form_one_group():
    first = sent(letter("Oak Primary School", "Jane Smith"))
    second = sent(letter("Elm Academy", "Raj Patel"))
    third = sent(letter("Ash High School", "Sam Jones"))
    assert group_of(first) == group_of(second) == group_of(third) is not None
    assert NearDuplicateGroup.objects.count() == 1


def test_unrelated_evidence_is_not_grouped():
    first = sent(letter())
    other = sent(UNRELATED)
    assert group_of(first) is None
    assert group_of(other) is None


def test_the_words_of_theme_details_count_as_the_members_own():
    first = sent("", details=letter())
    second = sent(letter("Elm Academy", "Raj Patel"))
    assert group_of(first) == group_of(second) is not None


def test_texts_of_29_words_are_never_grouped_and_of_30_are():
    short = [sent(words(29)), sent(words(29))]
    assert [group_of(pk) for pk in short] == [None, None]
    assert SubmissionSignature.objects.get(pk=short[0]).band_00 is None
    long = [sent(words(30, start=100)), sent(words(30, start=100))]
    assert group_of(long[0]) == group_of(long[1]) is not None


def test_jaccard_just_under_the_threshold_is_not_a_near_duplicate():
    # 100 words, the second shifted by 25: 73 shared shingles of 98 each, 123 in all: 0.59.
    a, b = sent(words(100)), sent(words(100, start=25))
    assert group_of(a) is None and group_of(b) is None
    # shifted by 20: 78 shared of 118: 0.66.
    c = sent(words(100, start=1000))
    d = sent(words(100, start=1020))
    assert group_of(c) == group_of(d) is not None


def test_a_submission_like_two_groups_merges_them_into_one_component():
    # A ~ B (0.66), B ~ C (0.66), A and C apart (0.38): sent A, C, then B.
    a = sent(words(100))
    c = sent(words(100, start=40))
    assert group_of(a) is None and group_of(c) is None
    x = sent(words(100, start=500))
    y = sent(words(100, start=520))
    assert group_of(x) == group_of(y) is not None
    b = sent(words(100, start=20))
    assert group_of(a) == group_of(b) == group_of(c) is not None
    assert group_of(a) != group_of(x)


def test_a_newcomer_linking_two_groups_merges_them_and_keeps_the_campaign_mark():
    a, b = sent(words(100)), sent(words(100, start=5))
    c, d = sent(words(100, start=40)), sent(words(100, start=45))
    assert group_of(a) != group_of(c)
    NearDuplicateGroup.objects.filter(pk=group_of(c)).update(is_campaign=True)
    bridge = sent(words(100, start=20))
    merged = group_of(bridge)
    assert group_of(a) == group_of(b) == group_of(c) == group_of(d) == merged
    assert NearDuplicateGroup.objects.get().is_campaign


def test_reading_a_submission_again_finds_the_same_group():
    first, second = sent(letter()), sent(letter("Elm Academy", "Raj Patel"))
    assert groups.find_group(submission_id=second) == group_of(first)
    assert NearDuplicateGroup.objects.count() == 1


# Erasure and the purge delete with ``= ANY(ids)``, which only PostgreSQL reads.
@pytest.mark.usefixtures("postgres")
def test_an_erased_member_leaves_its_group_and_a_group_of_one_dissolves():
    first, second, third = sent(letter()), sent(letter("Elm", "Raj")), sent(letter("Ash", "Sam"))
    group = group_of(first)
    erase_submissions(submissions=[SubmissionFactory.build(pk=third)], actor="")
    assert not SubmissionSignature.objects.filter(pk=third).exists()
    assert group_of(first) == group_of(second) == group
    erase_submissions(submissions=[SubmissionFactory.build(pk=second)], actor="")
    assert group_of(first) is None
    assert not NearDuplicateGroup.objects.exists()


def test_a_submission_erased_before_the_worker_reads_it_is_skipped():
    assert groups.find_group(submission_id=999_999) is None


@pytest.mark.usefixtures("postgres")
def test_the_retention_purge_takes_signatures_and_dissolves_groups_left_alone(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old, kept = sent(letter("Oak", "Jane")), sent(letter("Elm", "Raj"))
    assert group_of(old) == group_of(kept) is not None
    Submission.objects.filter(pk=old).update(received_at=timezone.now() - timedelta(days=60))

    assert retention.purge_expired_evidence().submissions == 1

    assert not SubmissionSignature.objects.filter(pk=old).exists()
    assert group_of(kept) is None
    assert not NearDuplicateGroup.objects.exists()


def test_demo_seeding_writes_no_signatures():
    create_demo_submissions(20, seed=1)
    assert Submission.objects.count() == 20
    assert not SubmissionSignature.objects.exists()


def test_a_reading_costs_five_queries_the_first_time_and_again(django_assert_max_num_queries):
    submission = SubmissionFactory(experience=letter())
    # Its words, the signature's upsert, the groups' lock, the band lookup, its own group; and here,
    # inside the test's transaction, the savepoint of the group-writing block and its release.
    for _ in range(2):
        with django_assert_max_num_queries(5 + 2):
            assert groups.find_group(submission_id=submission.pk) is None


def test_reading_again_rewrites_the_signature_and_keeps_its_group():
    first, second = sent(letter()), sent(letter("Elm Academy", "Raj Patel"))
    signature = SubmissionSignature.objects.get(pk=second)
    WorkloadAnswer.objects.create(submission_id=second, details=words(40, start=300))
    groups.find_group(submission_id=second)
    again = SubmissionSignature.objects.get(pk=second)
    assert again.group_id == signature.group_id == group_of(first)
    assert again.word_count == signature.word_count + 40
    assert bytes(again.shingles) != bytes(signature.shingles)
    assert again.computed_at > signature.computed_at


def test_the_candidates_are_the_rows_of_the_band_lookup_each_once():
    for text in (letter(), letter("Elm Academy", "Raj Patel"), UNRELATED, words(60)):
        sent(text)
    reading = groups.read(letter("Ash High School", "Sam Jones"))
    assert reading.bands is not None
    through_the_orm = {row[0]: row for row in groups.band_lookup(0, reading.bands)}
    found = groups.candidates(0, reading.bands)
    assert [(pk, bytes(data), group) for pk, data, group in found] == [
        (pk, bytes(data), group) for pk, data, group in through_the_orm.values()
    ]
    assert len(found) == 2
