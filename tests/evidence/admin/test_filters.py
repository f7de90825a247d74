"""The submission list's filters (evidence.admin.filters, and the list's own): each narrows the list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.choices import Priority, Status
from evidence.models import LocalAuthority
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, theme
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def references(response) -> list[str]:
    return [s.reference for s in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "follow-up"}, ["flagged"]),
        ({"theme": "banding"}, ["banding"]),
        ({"theme": "training"}, ["staff-training"]),
        ({"role__exact": "senco"}, ["senco"]),
        ({"phase__exact": "secondary"}, ["senco"]),
        ({"setting__exact": "special"}, ["senco"]),
        ({"priority__exact": "3"}, ["flagged"]),
        ({"reported_programme": "dbv"}, ["dbv"]),
        ({"reported_programme": "sv"}, []),
        ({"assignee": "me"}, ["flagged"]),
        ({"assignee": "none"}, ["banding", "staff-training", "senco", "dbv"]),
    ],
)
def test_each_filter_narrows_the_list(client, alice, params, expected):
    made = {
        "flagged": SubmissionFactory(status=Status.FOLLOW_UP, priority=Priority.HIGH, assignee=alice),
        "banding": SubmissionFactory(themes=["banding"]),
        "staff-training": SubmissionFactory(),
        "senco": SubmissionFactory(role="senco", phase="secondary", setting="special"),
        "dbv": SvDbvAnswerFactory(programme="dbv").submission,
    }
    made["staff-training"].staff_themes.add(theme("training"))
    sign_in(client, alice)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert sorted(references(response)) == sorted(made[name].reference for name in expected)


def test_it_filters_by_local_authority_and_the_known_programme_list(client, alice):
    known, other = LocalAuthority.objects.filter(programme_memberships__isnull=True).order_by("name")[:2]
    known.programme_memberships.create(programme="DBV")
    in_kent = SubmissionFactory(local_authority=known)
    elsewhere = SubmissionFactory(local_authority=other)
    answer_about_kent = SvDbvAnswerFactory(submission__local_authority=None, local_authority=known).submission
    sign_in(client, alice)
    assert references(client.get(LIST, {"local_authority__id__exact": known.pk})) == [in_kent.reference]
    on_list = references(client.get(LIST, {"known_programme": "dbv"}))
    assert sorted(on_list) == sorted([in_kent.reference, answer_about_kent.reference])
    assert references(client.get(LIST, {"known_programme": "sv"})) == []
    assert references(client.get(LIST, {"known_programme": "none"})) == [elsewhere.reference]


def test_it_filters_by_date_received(client, alice):
    recent = SubmissionFactory()
    old = SubmissionFactory()
    SubmissionFactory._meta.model.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=40)
    )
    sign_in(client, alice)
    since = (timezone.now() - dt.timedelta(days=7)).isoformat()
    response = client.get(LIST, {"received_at__gte": since})
    assert references(response) == [recent.reference]


def test_a_submission_found_both_ways_is_listed_once(client, alice):
    """The theme (member's and staff's) and the known programme (about them and in their answer) each
    match two ways; the list shows the submission once, and counts it once."""
    known = LocalAuthority.objects.filter(programme_memberships__isnull=True).order_by("name").first()
    known.programme_memberships.create(programme="SV")
    both = SvDbvAnswerFactory(submission__local_authority=known, local_authority=known).submission
    both.staff_themes.add(theme("sv-dbv"))
    sign_in(client, alice)
    for params in ({"theme": "sv-dbv"}, {"known_programme": "sv"}, {"known_programme": "either"}):
        response = client.get(LIST, params)
        assert references(response) == [both.reference], params
        assert response.context["cl"].result_count == 1, params


def test_the_known_programme_filter_reads_the_answer_when_the_member_gave_no_authority(client, alice):
    known, other = LocalAuthority.objects.filter(programme_memberships__isnull=True).order_by("name")[:2]
    known.programme_memberships.create(programme="DBV")
    unnamed = SvDbvAnswerFactory(submission__local_authority=None, local_authority=known).submission
    unnamed_elsewhere = SvDbvAnswerFactory(submission__local_authority=None, local_authority=other).submission
    no_answer = SubmissionFactory(local_authority=None)
    sign_in(client, alice)
    assert references(client.get(LIST, {"known_programme": "dbv"})) == [unnamed.reference]
    assert sorted(references(client.get(LIST, {"known_programme": "none"}))) == sorted(
        [unnamed_elsewhere.reference, no_answer.reference]
    )
