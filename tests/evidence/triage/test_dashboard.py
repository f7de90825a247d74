"""The dashboard's figures (evidence.triage.dashboard) against known data: spam and old weeks left out."""

import datetime as dt

import pytest
from django.utils import timezone

from evidence.triage import dashboard

pytestmark = pytest.mark.django_db


def test_weekly_counts_by_theme_leave_out_spam_and_older_weeks(three_weeks_of_evidence):
    weeks = dashboard.weekly_by_theme()
    assert len(weeks) == 12
    assert weeks[0].start == dashboard.window_start()
    assert weeks[0].start.weekday() == 0
    current = weeks[-1]
    assert current.total == 2
    assert current.by_theme == {"workload": 2, "banding": 1}
    three_weeks_back = next(
        w
        for w in weeks
        if w.start <= timezone.localdate() - dt.timedelta(days=21) < w.start + dt.timedelta(days=7)
    )
    assert three_weeks_back.by_theme == {"training": 1}
    assert sum(w.total for w in weeks) == 3


def test_counts_by_status_role_authority_and_the_backlog(three_weeks_of_evidence):
    by_status = {value: count for value, _, count in dashboard.counts_by_status()}
    assert by_status == {"new": 3, "in-review": 1, "follow-up": 0, "actioned": 0, "closed": 0, "spam": 1}
    by_role = dict(dashboard.counts_by_role())
    assert by_role["SENCO"] == 2 and by_role["Trainee teacher"] == 1 and by_role["Classroom teacher"] == 1
    assert dashboard.top_local_authorities() == [("Kent", 2), ("Leeds", 2)]
    backlog = dashboard.untriaged_backlog()
    assert backlog.count == 3
    assert backlog.oldest_age_days == 120


def test_the_weekly_history_reads_the_weekly_figures_so_purged_evidence_still_counts(three_weeks_of_evidence):
    from evidence.models import Submission

    before = [(week.start, week.total, week.by_theme) for week in dashboard.weekly_by_theme()]

    Submission.objects.all().delete()  # as the retention purge does: rows go, figures stay

    assert [(week.start, week.total, week.by_theme) for week in dashboard.weekly_by_theme()] == before
