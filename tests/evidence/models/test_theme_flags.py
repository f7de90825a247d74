"""Submission.theme_flags (evidence.models.theme_flags): the bits of the member's and staff's themes,
kept current by every write to either link table and written by the demo seed with its rows, so the
list's theme filter finds what the link tables say."""

from typing import Any

import pytest
from django.urls import reverse

from evidence.demo.seed import create_demo_submissions
from evidence.models import Submission, ThemeSuggestion
from evidence.models.theme_flags import THEME_BITS, flags_of
from evidence.triage import changes
from evidence.triage.suggestions import decide_suggestion
from tests.factories import SubmissionFactory, theme
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def flags(submission: Any) -> int:
    return Submission.objects.values_list("theme_flags", flat=True).get(pk=submission.pk)


def from_links(submission: Any) -> int:
    slugs = [t.slug for t in submission.themes.all()] + [t.slug for t in submission.staff_themes.all()]
    return flags_of(slugs)


def test_the_flags_follow_the_members_themes_when_set(alice):
    submission = SubmissionFactory(themes=["banding", "sv-dbv"])
    assert flags(submission) == THEME_BITS["banding"] + THEME_BITS["sv-dbv"]
    submission.themes.set([theme("general")])
    assert flags(submission) == THEME_BITS["general"]


def test_staff_themes_add_their_bits_and_a_theme_in_both_counts_once(alice):
    submission = SubmissionFactory(themes=["workload"])
    changes.set_staff_themes(submission=submission, themes=[theme("workload"), theme("training")], by=alice)
    assert flags(submission) == THEME_BITS["workload"] + THEME_BITS["training"]
    changes.set_staff_themes(submission=submission, themes=[], by=alice)
    assert flags(submission) == THEME_BITS["workload"]


def test_an_accepted_suggestion_sets_its_bit(alice):
    submission = SubmissionFactory(themes=["workload"])
    suggestion = ThemeSuggestion.objects.create(submission=submission, theme=theme("banding"), confidence=0.9)
    decide_suggestion(submission_id=submission.pk, suggestion_id=suggestion.pk, accept=True, by=alice)
    assert flags(submission) == THEME_BITS["workload"] + THEME_BITS["banding"]


def test_writes_from_the_themes_side_and_clears_are_followed_too():
    first, second = SubmissionFactory(themes=["workload"]), SubmissionFactory(themes=["workload"])
    theme("general").staff_tagged_submissions.add(first, second)
    assert flags(first) == flags(second) == THEME_BITS["workload"] + THEME_BITS["general"]
    theme("general").staff_tagged_submissions.remove(second)
    assert flags(second) == THEME_BITS["workload"]
    first.themes.clear()
    assert flags(first) == THEME_BITS["general"]
    theme("general").staff_tagged_submissions.clear()
    assert flags(first) == 0


def test_the_demo_seed_writes_the_flags_its_links_say():
    create_demo_submissions(60, seed=4)
    seeded = Submission.objects.prefetch_related("themes", "staff_themes")
    assert all(s.theme_flags == from_links(s) for s in seeded)
    assert any(s.staff_themes.all() for s in seeded)  # some staff themes were seeded, and counted


def test_the_theme_filter_finds_what_the_link_tables_say(client, alice):
    create_demo_submissions(80, seed=5)
    sign_in(client, alice)
    for slug in THEME_BITS:
        expected = Submission.objects.filter(themes__slug=slug).union(
            Submission.objects.filter(staff_themes__slug=slug)
        )
        response = client.get(LIST, {"theme": slug, "all": ""})
        listed = {s.pk for s in response.context["cl"].result_list}
        assert listed == {s.pk for s in expected}, slug
