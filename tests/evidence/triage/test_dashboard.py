"""The evidence dashboard: figures against known data, the chart drawn without inline styles."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.choices import Status
from evidence.models import LocalAuthority, Submission
from evidence.triage import dashboard
from tests.factories import SubmissionFactory, staff_member

pytestmark = pytest.mark.django_db
URL = reverse("admin:evidence_submission_dashboard")


def received(submission, days_ago: int) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        received_at=timezone.now() - dt.timedelta(days=days_ago)
    )


@pytest.fixture
def known_data():
    """Three weeks of evidence, some spam, in two authorities."""
    kent, leeds = LocalAuthority.objects.get(name="Kent"), LocalAuthority.objects.get(name="Leeds")
    this_week = [
        SubmissionFactory(themes=["workload", "banding"], local_authority=kent, role="senco"),
        SubmissionFactory(themes=["workload"], local_authority=kent, role="senco", status=Status.IN_REVIEW),
    ]
    old = SubmissionFactory(themes=["training"], local_authority=leeds, role="trainee")
    received(old, 21)
    ancient = SubmissionFactory(themes=["general"], local_authority=leeds)  # outside the 12 weeks
    received(ancient, 120)
    spam = SubmissionFactory(themes=["workload"], local_authority=leeds, status=Status.SPAM)
    return {"this_week": this_week, "old": old, "ancient": ancient, "spam": spam}


def test_weekly_counts_by_theme_leave_out_spam_and_older_weeks(known_data):
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


def test_counts_by_status_role_authority_and_the_backlog(known_data):
    by_status = {value: count for value, _, count in dashboard.counts_by_status()}
    assert by_status == {"new": 3, "in-review": 1, "follow-up": 0, "actioned": 0, "closed": 0, "spam": 1}
    by_role = dict(dashboard.counts_by_role())
    assert by_role["SENCO"] == 2 and by_role["Trainee teacher"] == 1 and by_role["Classroom teacher"] == 1
    assert dashboard.top_local_authorities() == [("Kent", 2), ("Leeds", 2)]
    backlog = dashboard.untriaged_backlog()
    assert backlog.count == 3
    assert backlog.oldest_age_days == 120


def test_the_page_shows_the_chart_the_table_and_the_backlog(client, known_data):
    client.force_login(staff_member("alice"))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg viewBox="0 0 720 300"' in html
    assert 'role="img"' in html and 'aria-labelledby="chart-title chart-desc"' in html
    assert html.count("<rect x=") == 3  # workload and banding this week, training three weeks ago
    assert 'id="weekly-table"' in html
    assert 'id="backlog-count">3</a>' in html
    assert "120 days ago" in html
    assert not re.search(r"\sstyle=", html.split('id="content-main"')[1]), "no inline styles (CSP)"


def test_the_dashboard_escapes_what_it_shows(client):
    la = LocalAuthority.objects.create(
        gss_code="E99999999", la_number=999, name='<script>alert("x")</script>'
    )
    SubmissionFactory(local_authority=la)
    client.force_login(staff_member("alice"))
    html = client.get(URL).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_only_the_education_team_sees_the_dashboard(client):
    for user in (staff_member("charlie", group=None), staff_member("carol", group="Content editors")):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_admin_index_links_to_it(client):
    client.force_login(staff_member("alice"))
    html = client.get(reverse("admin:index")).content.decode()
    assert URL in html and reverse("admin:evidence_localauthority_tracker") in html
