"""The dashboard page (evidence.admin.dashboard): the chart drawn without inline styles, team only.

Its figures are evidence.triage.dashboard's (tests/evidence/triage/test_dashboard.py).
"""

import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evidence.models import LocalAuthority
from evidence.tasks import refresh_triage_figures
from evidence.triage import figures
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("admin:evidence_submission_dashboard")


def test_the_page_shows_the_chart_the_table_and_the_backlog(client, alice, three_weeks_of_evidence):
    sign_in(client, alice)
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


def test_the_dashboard_escapes_what_it_shows(client, alice):
    la = LocalAuthority.objects.create(
        gss_code="E99999999", la_number=999, name='<script>alert("x")</script>'
    )
    SubmissionFactory(local_authority=la)
    sign_in(client, alice)
    html = client.get(URL).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_only_the_education_team_sees_the_dashboard(client, bob, charlie):
    for user in (bob, charlie):
        sign_in(client, user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_admin_index_links_to_it(client, alice):
    sign_in(client, alice)
    html = client.get(reverse("admin:index")).content.decode()
    assert URL in html and reverse("admin:evidence_localauthority_tracker") in html


def test_the_page_says_which_figures_outlive_the_evidence_and_which_are_live_rows(client, alice):
    sign_in(client, alice)
    html = client.get(URL).content.decode()
    assert (
        'id="weekly-figures-note"' in html and "still count submissions deleted under the retention" in html
    )
    assert 'id="live-rows-note"' in html and "count the submissions we still hold" in html


# --- On a large installation (evidence.triage.figures): counted every minute, and the page says when.


def counted_at_html(counted_at) -> str:
    local = timezone.localtime(counted_at)
    return f'Figures counted at <time datetime="{local.isoformat()}">{local:%H:%M}</time>.'


def test_a_small_installation_counts_for_each_visit_and_says_nothing_of_when(
    client, alice, three_weeks_of_evidence
):
    sign_in(client, alice)
    SubmissionFactory()
    html = client.get(URL).content.decode()
    assert 'id="backlog-count">4</a>' in html
    assert 'id="figures-counted-at"' not in html


def test_a_large_installation_shows_the_counts_the_beat_task_made_and_when(
    client, alice, settings, three_weeks_of_evidence
):
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0
    refresh_triage_figures.apply()
    counted_at = cache.get(figures.DASHBOARD_KEY)["counted_at"]
    SubmissionFactory()  # after the count: on the page from the next one
    sign_in(client, alice)

    html = client.get(URL).content.decode()
    assert 'id="backlog-count">3</a>' in html
    assert counted_at_html(counted_at) in html

    refresh_triage_figures.apply()
    html = client.get(URL).content.decode()
    assert 'id="backlog-count">4</a>' in html
    assert counted_at_html(cache.get(figures.DASHBOARD_KEY)["counted_at"]) in html


def test_a_redis_that_does_not_answer_still_gives_the_page_counted_live(
    client, alice, settings, three_weeks_of_evidence, cache_that_does_not_answer
):
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0
    sign_in(client, alice)
    SubmissionFactory()

    started = time.monotonic()
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="backlog-count">4</a>' in html
    assert 'id="figures-counted-at"' in html
    assert time.monotonic() - started < 3
