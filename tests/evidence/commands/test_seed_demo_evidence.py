"""manage.py seed_demo_evidence: --count with a progress bar, --clear-demo, and what it refuses."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.models import ANSWER_MODELS, Submission, SvDbvAnswer, answer_accessor
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo_evidence", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_creates_demo_submissions_with_themes_and_answers():
    out, err = run("--count", "300", "--seed", "7")
    assert "Created 300 demo submissions" in out
    assert "300/300" in err  # the progress bar
    demo_rows = Submission.objects.filter(is_demo=True)
    assert demo_rows.count() == 300
    assert Submission.themes.through.objects.filter(submission__is_demo=True).count() >= 300
    for slug, model in ANSWER_MODELS.items():
        answered = model.objects.filter(submission__is_demo=True)
        # every answer row belongs to a submission that chose the theme
        assert answered.exclude(submission__themes__slug=slug).count() == 0, answer_accessor(slug)
    assert not SvDbvAnswer.objects.filter(submission__is_demo=True, local_authority__isnull=True).exists()
    assert len({s.received_at.date() for s in demo_rows}) > 30  # spread over weeks, not all today
    assert len(set(demo_rows.values_list("status", flat=True))) > 3


def test_clear_demo_removes_only_demo_data():
    real = SubmissionFactory()
    run("--count", "50", "--no-progress")
    out, _ = run("--clear-demo")
    assert "Removed 50 demo submissions" in out
    assert list(Submission.objects.all()) == [real]
    assert not Submission.themes.through.objects.exclude(submission=real).exists()
    for model in ANSWER_MODELS.values():
        assert not model.objects.exists()


def test_clear_demo_then_seed_again():
    run("--count", "20", "--no-progress")
    out, _ = run("--clear-demo", "--count", "10", "--no-progress")
    assert "Removed 20" in out and "Created 10" in out
    assert Submission.objects.filter(is_demo=True).count() == 10


def test_a_negative_count_is_refused():
    with pytest.raises(CommandError):
        run("--count", "-1")
