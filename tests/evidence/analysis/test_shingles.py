import pytest

from evidence.analysis import shingles
from evidence.models import ANSWER_MODELS, Submission
from tests.evidence.analysis.letters import letter, words
from tests.factories import SubmissionFactory


def test_words_ignore_case_and_punctuation_and_keep_apostrophes():
    assert shingles.words("Our SENCO's week, gone: EHCP-paperwork!") == [
        "our",
        "senco's",
        "week",
        "gone",
        "ehcp",
        "paperwork",
    ]


def test_a_text_has_one_shingle_per_three_consecutive_words():
    assert len(shingles.shingle_hashes(shingles.words(words(10)))) == 8
    assert len(shingles.shingle_hashes(["two", "words"])) == 0


def test_repeated_shingles_count_once():
    assert len(shingles.shingle_hashes(["a", "b", "c", "a", "b", "c", "a", "b", "c"])) == 3


def test_jaccard_of_identical_texts_is_one_and_of_disjoint_texts_zero():
    a = shingles.shingle_hashes(shingles.words(letter()))
    b = shingles.shingle_hashes(shingles.words(words(40)))
    assert shingles.jaccard(a, a) == 1.0
    assert shingles.jaccard(a, b) == 0.0


def test_jaccard_counts_shared_shingles_over_all_shingles():
    # 0..39 and 10..49: 28 shared shingles of 38 each, 48 in all.
    a = shingles.shingle_hashes(words(40).split())
    b = shingles.shingle_hashes(words(40, start=10).split())
    assert shingles.jaccard(a, b) == 28 / 48


def test_shingles_survive_their_stored_bytes():
    a = shingles.shingle_hashes(shingles.words(letter()))
    assert (shingles.from_bytes(shingles.to_bytes(a)) == a).all()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"workload": "Paperwork all week."},
        {"workload": "", "general": "More."},
        {"banding": "", "general": ""},
    ],
)
def test_the_words_read_in_one_row_are_those_read_from_the_submissions_answers(answers):
    submission = SubmissionFactory(experience="Our SENCO's week.")
    for slug, details in answers.items():
        ANSWER_MODELS[slug]._default_manager.create(submission=submission, details=details)
    [row] = Submission.objects.filter(pk=submission.pk).values_list("experience", *shingles.details_columns())
    read = Submission.objects.select_related(*shingles.answer_relations()).get(pk=submission.pk)
    assert shingles.joined_words(row[0], row[1:]) == shingles.own_words(read)
