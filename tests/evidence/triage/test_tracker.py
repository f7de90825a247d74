"""The tracker's figures (evidence.triage.tracker): our SV/DBV list beside what members report."""

import pytest

from evidence.choices import Status
from evidence.models import LocalAuthority, ProgrammeMembership
from evidence.triage import tracker
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, unlisted_authorities

pytestmark = pytest.mark.django_db


def row_for(rows, authority) -> tracker.AuthorityRow:
    return next(row for row in rows if row.authority.pk == authority.pk)


def test_it_lists_every_authority_with_its_known_membership():
    rows = tracker.authority_rows()
    assert len(rows) == LocalAuthority.objects.count()
    kent = row_for(rows, LocalAuthority.objects.get(name="Kent"))
    assert kent.known_sv and not kent.known_dbv


def test_it_counts_reports_once_per_member_and_dbv_with_no_published_plan():
    quiet, reported = unlisted_authorities(2)
    about_only = SubmissionFactory(local_authority=reported)
    both_places = SvDbvAnswerFactory(submission__local_authority=reported, local_authority=reported)
    answer_only = SvDbvAnswerFactory(
        submission__local_authority=None, local_authority=reported, plan_published="yes"
    )
    SvDbvAnswerFactory(
        submission__local_authority=reported, submission__status=Status.SPAM, local_authority=reported
    )
    row = row_for(tracker.authority_rows(), reported)
    assert row.reports == 3  # about_only, both_places (once), answer_only; spam left out
    assert (row.in_programme, row.reported_dbv, row.reported_sv) == (2, 2, 0)
    assert row.no_plan == 1
    assert row.in_programme_no_plan == 1
    latest = max(s.received_at for s in (about_only, both_places.submission, answer_only.submission))
    assert row.latest == latest
    assert row.not_on_list
    assert row_for(tracker.authority_rows(), quiet).reports == 0


def test_the_filters_find_authorities_reported_in_a_programme_but_not_on_our_list_or_with_no_plan():
    not_listed, listed_dbv, plan_published = unlisted_authorities(3)
    ProgrammeMembership.objects.create(local_authority=listed_dbv, programme="DBV")
    SvDbvAnswerFactory(local_authority=not_listed, programme="dbv", plan_published="no")
    SvDbvAnswerFactory(local_authority=listed_dbv, programme="dbv", plan_published="no")
    SvDbvAnswerFactory(local_authority=plan_published, programme="both", plan_published="yes")
    names = lambda show: {row.authority.name for row in tracker.authority_rows(show)}  # noqa: E731
    assert names("not-on-list") >= {not_listed.name, plan_published.name}
    assert listed_dbv.name not in names("not-on-list")
    assert names("no-plan") == {not_listed.name, listed_dbv.name}
