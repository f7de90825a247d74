from datetime import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from evidence.analysis import alerts
from evidence.models import OutboundEmail, ProgrammeMembership, Submission
from evidence.weeks import LONDON
from tests.emails import assert_email_contains, assert_email_lacks
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, local_authority, unlisted_authorities
from tests.staff import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("morning")]


@pytest.fixture
def morning():
    with mock.patch("evidence.analysis.alerts.timezone.now", return_value=MORNING) as now:
        yield now


MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=LONDON)


def report(authority, **answer):
    submission = SubmissionFactory(
        local_authority=authority,
        themes=["sv-dbv"],
        name="Jane Member",
        email="jane@example.org",
        experience="My head teacher Mr Canary told us nothing.",
    )
    SvDbvAnswerFactory(submission=submission, **answer)
    return submission


def test_an_authority_reported_in_safety_valve_but_not_on_the_list_alerts_the_team():
    authority = unlisted_authorities(1)[0]
    submission = report(authority, programme="sv")

    [email] = alerts.raise_alerts(submission_id=submission.pk)

    assert email.idempotency_key == f"alert:not-listed:{authority.gss_code}:2026-12-03"
    assert email.kind == OutboundEmail.Kind.ALERT
    assert_email_contains(email, authority.name, "Safety Valve", "Reports so far", f"id__in={submission.pk}")
    assert_email_lacks(email, "Jane", "jane@example.org", "Canary", submission.reference)


def test_it_sends_at_most_one_alert_per_authority_per_day_with_the_count_then_known(morning):
    authority = unlisted_authorities(1)[0]
    first = report(authority, programme="dbv")
    assert len(alerts.raise_alerts(submission_id=first.pk)) == 1
    second = report(authority, programme="dbv")
    assert alerts.raise_alerts(submission_id=second.pk) == []
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ALERT).count() == 1

    morning.return_value = datetime(2026, 12, 4, 0, 30, tzinfo=LONDON)
    [next_day] = alerts.raise_alerts(submission_id=second.pk)
    assert next_day.idempotency_key.endswith(":2026-12-04")
    assert_email_contains(next_day, "Reports so far: 2")


def test_an_authority_on_the_list_for_that_programme_raises_nothing():
    kent = local_authority("Kent")
    assert ProgrammeMembership.objects.filter(local_authority=kent, programme="SV").exists()
    submission = report(kent, programme="sv")
    assert alerts.raise_alerts(submission_id=submission.pk) == []


def test_the_same_authority_reported_in_the_other_programme_alerts():
    kent = local_authority("Kent")
    ProgrammeMembership.objects.filter(local_authority=kent, programme="DBV").delete()
    submission = report(kent, programme="both")
    [email] = alerts.raise_alerts(submission_id=submission.pk)
    assert_email_contains(email, "Kent", "Delivering Better Value")
    assert_email_lacks(email, "Safety Valve")


def test_schools_consulted_on_a_plan_not_published_alerts_the_team():
    kent = local_authority("Kent")
    ProgrammeMembership.objects.filter(local_authority=kent).update(plan_published_url="")
    submission = report(kent, programme="sv", plan_stage="schools-being-consulted", plan_published="no")
    [email] = alerts.raise_alerts(submission_id=submission.pk)
    assert email.idempotency_key == f"alert:consulting:{kent.gss_code}:2026-12-03"
    assert_email_contains(email, "being consulted", "Kent", "Safety Valve", "Reports so far: 1")


def test_a_plan_the_list_shows_published_raises_no_consulting_alert():
    kent = local_authority("Kent")
    ProgrammeMembership.objects.filter(local_authority=kent).update(
        plan_published_url="https://kent.example/plan"
    )
    submission = report(kent, programme="sv", plan_stage="schools-being-consulted", plan_published="not-sure")
    assert alerts.raise_alerts(submission_id=submission.pk) == []


def test_spam_raises_nothing():
    submission = report(unlisted_authorities(1)[0], programme="sv")
    submission.status = "spam"
    submission.save()
    assert alerts.raise_alerts(submission_id=submission.pk) == []


@override_settings(EVIDENCE_ALERT_EMAILS=["alerts@nasuwt.example"])
def test_alerts_go_to_the_alert_addresses():
    submission = report(unlisted_authorities(1)[0], programme="sv")
    [email] = alerts.raise_alerts(submission_id=submission.pk)
    assert email.recipients == ["alerts@nasuwt.example"]


def test_the_alerts_link_opens_the_list_of_those_reports(client, alice):
    authority = unlisted_authorities(1)[0]
    submission = report(authority, programme="sv")
    [email] = alerts.raise_alerts(submission_id=submission.pk)
    link = email.text_body.split("See the reports: ")[1].split()[0]
    response = sign_in(client, alice).get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [submission.pk]


def test_a_submission_reporting_no_authority_costs_one_query(django_assert_num_queries):
    submission = SubmissionFactory(themes=["workload"])
    with django_assert_num_queries(1):
        assert alerts.raise_alerts(submission_id=submission.pk) == []


def test_an_authority_reported_in_both_programmes_and_listed_in_neither_raises_one_alert_naming_both():
    authority = unlisted_authorities(1)[0]
    submission = report(authority, programme="both")
    [email] = alerts.raise_alerts(submission_id=submission.pk)
    assert_email_contains(email, authority.name, "Safety Valve", "Delivering Better Value")
    assert alerts.raise_alerts(submission_id=report(authority, programme="both").pk) == []


def test_a_restricted_submission_raises_nothing():
    submission = report(unlisted_authorities(1)[0], programme="sv")
    Submission.objects.filter(pk=submission.pk).update(restricted=True)
    assert alerts.raise_alerts(submission_id=submission.pk) == []
