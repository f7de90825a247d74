"""The local authority tracker: our SV/DBV list beside what members report."""

import pytest
from django.urls import reverse

from evidence.choices import Status
from evidence.models import LocalAuthority, ProgrammeMembership
from evidence.triage import tracker
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, staff_member

pytestmark = pytest.mark.django_db
URL = reverse("admin:evidence_localauthority_tracker")


def unlisted(count: int) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(programme_memberships__isnull=True).order_by("name")[:count])


def row_for(rows, authority) -> tracker.AuthorityRow:
    return next(row for row in rows if row.authority.pk == authority.pk)


def test_it_lists_every_authority_with_its_known_membership():
    rows = tracker.authority_rows()
    assert len(rows) == LocalAuthority.objects.count()
    kent = row_for(rows, LocalAuthority.objects.get(name="Kent"))
    assert kent.known_sv and not kent.known_dbv


def test_it_counts_reports_once_per_member_and_dbv_with_no_published_plan():
    quiet, reported = unlisted(2)
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
    not_listed, listed_dbv, plan_published = unlisted(3)
    ProgrammeMembership.objects.create(local_authority=listed_dbv, programme="DBV")
    SvDbvAnswerFactory(local_authority=not_listed, programme="dbv", plan_published="no")
    SvDbvAnswerFactory(local_authority=listed_dbv, programme="dbv", plan_published="no")
    SvDbvAnswerFactory(local_authority=plan_published, programme="both", plan_published="yes")
    names = lambda show: {row.authority.name for row in tracker.authority_rows(show)}  # noqa: E731
    assert names("not-on-list") >= {not_listed.name, plan_published.name}
    assert listed_dbv.name not in names("not-on-list")
    assert names("no-plan") == {not_listed.name, listed_dbv.name}


def test_the_page_shows_an_authority_members_report_in_dbv_with_no_published_plan(client):
    [authority] = unlisted(1)
    SvDbvAnswerFactory(local_authority=authority, programme="dbv", plan_published="no")
    client.force_login(staff_member("alice"))
    response = client.get(URL, {"show": "no-plan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert authority.name in html
    assert "Members report a programme not on our list" in html
    assert f"{reverse('admin:evidence_programmemembership_add')}?local_authority={authority.pk}" in html
    assert [row.authority for row in response.context["rows"]] == [authority]


def test_staff_record_a_membership_and_are_named_as_confirming_it(client):
    alice = staff_member("alice")
    [authority] = unlisted(1)
    client.force_login(alice)
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


def test_local_authorities_are_read_only_reference_data(client):
    client.force_login(staff_member("alice"))
    kent = LocalAuthority.objects.get(name="Kent")
    assert client.get(reverse("admin:evidence_localauthority_changelist")).status_code == 200
    change = reverse("admin:evidence_localauthority_change", args=[kent.pk])
    assert 'name="name"' not in client.get(change).content.decode()
    assert client.post(change, {"name": "Renamed"}).status_code == 403
    assert client.get(reverse("admin:evidence_localauthority_add")).status_code == 403


def test_only_the_education_team_sees_the_tracker(client):
    for user in (staff_member("charlie", group=None), staff_member("carol", group="Content editors")):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_tracker_escapes_what_it_shows(client):
    la = LocalAuthority.objects.create(gss_code="E99999998", la_number=998, name="<b>Bold</b> Borough")
    SvDbvAnswerFactory(local_authority=la)
    client.force_login(staff_member("alice"))
    html = client.get(URL).content.decode()
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; Borough" in html
