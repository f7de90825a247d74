"""The rules on submissions written once (evidence.models.querysets): spam doesn't count, what reporting
a programme means, the attachment count, and the Education Team's search.
"""

import pytest
from django.db.models import Count

from evidence.choices import Programme, Status
from evidence.models import BandingAnswer, Submission, SvDbvAnswer, WorkloadAnswer
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, attach_file

pytestmark = pytest.mark.django_db


def references(queryset) -> set[str]:
    return set(queryset.values_list("reference", flat=True))


# --- Spam doesn't count ---------------------------------------------------------------------------


def test_counted_leaves_spam_out_and_keeps_every_other_status():
    kept = {SubmissionFactory(status=status).reference for status in Status if status != Status.SPAM}
    SubmissionFactory(status=Status.SPAM)

    assert references(Submission.objects.counted()) == kept
    assert Submission.objects.count() == len(kept) + 1


def test_counted_sv_dbv_answers_leave_out_those_of_spam_submissions():
    kept = SvDbvAnswerFactory()
    SvDbvAnswerFactory(submission__status=Status.SPAM)

    assert list(SvDbvAnswer.objects.counted()) == [kept]


# --- Reporting a programme ------------------------------------------------------------------------


@pytest.fixture
def one_of_each_programme() -> dict[str, str]:
    """Programme -> the reference of a submission whose SV/DBV answer gives it; "none" has no answer."""
    made = {p.value: SvDbvAnswerFactory(programme=p).submission.reference for p in Programme}
    made["none"] = SubmissionFactory(themes=["workload"]).reference
    return made


def test_reporting_a_programme_means_safety_valve_dbv_or_both(one_of_each_programme):
    made = one_of_each_programme

    assert references(Submission.objects.reporting_programme()) == {made["sv"], made["dbv"], made["both"]}


def test_reporting_programme_narrows_to_the_programmes_given(one_of_each_programme):
    made = one_of_each_programme

    assert references(Submission.objects.reporting_programme(("dbv",))) == {made["dbv"]}
    assert references(Submission.objects.reporting_programme(("dbv", "both"))) == {made["dbv"], made["both"]}
    assert references(Submission.objects.reporting_programme(("neither", "not-sure"))) == {
        made["neither"],
        made["not-sure"],
    }


def test_sv_dbv_answers_reporting_a_programme_are_the_same_three(one_of_each_programme):
    programmes = set(SvDbvAnswer.objects.reporting_programme().values_list("programme", flat=True))

    assert programmes == {"sv", "dbv", "both"}


# --- The attachment count -------------------------------------------------------------------------


def test_the_attachment_count_is_zero_not_none_without_files():
    SubmissionFactory()

    [submission] = Submission.objects.with_attachment_count()

    assert submission.attachment_total == 0


def test_the_attachment_count_counts_each_submissions_own_files():
    busy, quiet = SubmissionFactory(), SubmissionFactory()
    attach_file(busy, "letter.pdf", b"%PDF-1.4")
    attach_file(busy, "notes.pdf", b"%PDF-1.4")
    attach_file(quiet, "plan.pdf", b"%PDF-1.4")

    counts = dict(Submission.objects.with_attachment_count().values_list("pk", "attachment_total"))

    assert counts == {busy.pk: 2, quiet.pk: 1}


def test_asking_for_the_attachment_count_twice_counts_once():
    submission = SubmissionFactory()
    attach_file(submission, "letter.pdf", b"%PDF-1.4")
    once = Submission.objects.with_attachment_count()

    twice = once.with_attachment_count()

    assert twice is once
    assert list(twice.query.annotations) == ["attachment_total"]
    assert twice.get().attachment_total == 1


def test_the_attachment_count_never_joins_the_files():
    submission = SubmissionFactory()
    for n in range(3):
        attach_file(submission, f"file{n}.pdf", b"%PDF-1.4")

    counted = Submission.objects.with_attachment_count().annotate(themes_chosen=Count("themes"))

    # A join of the files would multiply the themes by the files.
    assert counted.get().themes_chosen == 1


# --- The search -----------------------------------------------------------------------------------


def test_search_needs_every_word_somewhere():
    wanted = SubmissionFactory(experience="EHCP paperwork in the summer term.")
    SubmissionFactory(experience="EHCP reviews.")
    SubmissionFactory(experience="The summer term.")

    assert references(Submission.objects.search("ehcp summer")) == {wanted.reference}


def test_search_words_may_match_in_different_places():
    wanted = SubmissionFactory(experience="Banding letters came late.")
    WorkloadAnswer.objects.create(submission=wanted, details="The educational psychologist never came.")
    SubmissionFactory(experience="Banding letters came late.")

    assert references(Submission.objects.search("banding psychologist")) == {wanted.reference}


def test_search_matches_the_details_of_any_theme():
    by_workload = SubmissionFactory()
    WorkloadAnswer.objects.create(submission=by_workload, details="Tribunal bundles every weekend.")
    by_banding = SubmissionFactory(themes=["banding"])
    BandingAnswer.objects.create(submission=by_banding, experience="issues", details="A tribunal over bands.")
    SubmissionFactory(experience="Nothing about it.")

    assert references(Submission.objects.search("TRIBUNAL")) == {by_workload.reference, by_banding.reference}


def test_search_gives_each_submission_once_however_many_places_match():
    submission = SubmissionFactory(experience="EHCP, EHCP, EHCP.", name="Ehcp Jones")
    WorkloadAnswer.objects.create(submission=submission, details="EHCP forms.")

    assert Submission.objects.search("ehcp").count() == 1


def test_search_counts_the_first_five_words_and_ignores_the_rest():
    wanted = SubmissionFactory(experience="EHCP paperwork takes the summer term, every week.")

    assert references(Submission.objects.search("ehcp paperwork summer term week zebra")) == {
        wanted.reference
    }
    assert references(Submission.objects.search("ehcp paperwork summer term zebra")) == set()


def test_search_finds_the_reference_the_name_and_the_email():
    wanted = SubmissionFactory(name="Erin Evans", email="erin@example.org")
    SubmissionFactory(name="Someone Else", email="someone@example.org")

    for term in (wanted.reference.lower(), "evans", "erin@example"):
        assert references(Submission.objects.search(term)) == {wanted.reference}, term
