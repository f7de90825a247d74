"""Reference data in the admin (evidence.admin.reference): authorities read-only, memberships recorded
by staff, and the tracker page. Its figures are evidence.triage.tracker's (triage/test_tracker.py).
"""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evidence.models import LocalAuthority, ProgrammeMembership
from evidence.tasks import refresh_triage_figures
from evidence.triage import figures, tracker
from tests.factories import SvDbvAnswerFactory, unlisted_authorities
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("admin:evidence_localauthority_tracker")


def row_for(rows, authority) -> tracker.AuthorityRow:
    return next(row for row in rows if row.authority.pk == authority.pk)


def test_the_page_shows_an_authority_members_report_in_dbv_with_no_published_plan(client, alice):
    [authority] = unlisted_authorities(1)
    SvDbvAnswerFactory(local_authority=authority, programme="dbv", plan_published="no")
    sign_in(client, alice)
    response = client.get(URL, {"show": "no-plan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert authority.name in html
    assert "Members report a programme not on our list" in html
    assert f"{reverse('admin:evidence_programmemembership_add')}?local_authority={authority.pk}" in html
    assert [row.authority for row in response.context["rows"]] == [authority]


def test_alice_records_a_membership_and_is_named_as_confirming_it(client, alice):
    [authority] = unlisted_authorities(1)
    sign_in(client, alice)
    response = client.post(
        reverse("admin:evidence_programmemembership_add"),
        {
            "local_authority": authority.pk,
            "programme": "DBV",
            "year_or_tranche": "tranche 3",
            "source_url": "https://example.org/source",
            "plan_published_url": "https://example.org/plan",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = ProgrammeMembership.objects.get(local_authority=authority)
    assert membership.confirmed_by == alice
    row = row_for(tracker.authority_rows(), authority)
    assert row.known_dbv and row.plan_links == ["https://example.org/plan"]


def test_local_authorities_are_read_only_reference_data(client, alice):
    sign_in(client, alice)
    kent = LocalAuthority.objects.get(name="Kent")
    assert client.get(reverse("admin:evidence_localauthority_changelist")).status_code == 200
    change = reverse("admin:evidence_localauthority_change", args=[kent.pk])
    assert 'name="name"' not in client.get(change).content.decode()
    assert client.post(change, {"name": "Renamed"}).status_code == 403
    assert client.get(reverse("admin:evidence_localauthority_add")).status_code == 403


def test_only_the_education_team_sees_the_tracker(client, bob, charlie):
    for user in (bob, charlie):
        sign_in(client, user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_tracker_escapes_what_it_shows(client, alice):
    la = LocalAuthority.objects.create(gss_code="E99999998", la_number=998, name="<b>Bold</b> Borough")
    SvDbvAnswerFactory(local_authority=la)
    sign_in(client, alice)
    html = client.get(URL).content.decode()
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; Borough" in html


def test_the_tracker_says_it_counts_the_submissions_still_held(client, alice):
    sign_in(client, alice)
    html = client.get(URL).content.decode()
    assert 'id="live-rows-note"' in html and "These counts are of the submissions we still hold" in html


# --- On a large installation (evidence.triage.figures): reports counted every minute, the list live.


def test_a_large_installation_shows_the_reports_the_beat_task_counted_and_when(client, alice, settings):
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0
    [authority] = unlisted_authorities(1)
    SvDbvAnswerFactory(local_authority=authority, programme="dbv", plan_published="no")
    refresh_triage_figures.apply()
    SvDbvAnswerFactory(local_authority=authority, programme="dbv", plan_published="no")  # after the count
    ProgrammeMembership.objects.create(local_authority=authority, programme="DBV")  # recorded: shown at once
    sign_in(client, alice)

    response = client.get(URL, {"show": "no-plan"})
    row = row_for(response.context["rows"], authority)
    assert (row.reports, row.no_plan, row.known_dbv) == (1, 1, True)
    local = timezone.localtime(cache.get(figures.TRACKER_KEY)["counted_at"])
    assert f'Figures counted at <time datetime="{local.isoformat()}">{local:%H:%M}</time>.' in (
        response.content.decode()
    )

    refresh_triage_figures.apply()
    row = row_for(client.get(URL, {"show": "no-plan"}).context["rows"], authority)
    assert (row.reports, row.no_plan) == (2, 2)


def test_a_redis_that_does_not_answer_still_gives_the_tracker_counted_live(
    client, alice, settings, cache_that_does_not_answer
):
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0
    [authority] = unlisted_authorities(1)
    SvDbvAnswerFactory(local_authority=authority, programme="dbv", plan_published="no")
    sign_in(client, alice)

    started = time.monotonic()
    response = client.get(URL, {"show": "no-plan"})

    assert response.status_code == 200
    assert [row.authority for row in response.context["rows"]] == [authority]
    assert 'id="figures-counted-at"' in response.content.decode()
    assert time.monotonic() - started < 3
