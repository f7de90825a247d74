"""The weekly digest (evidence.digest): what it counts in a London week, what it never holds, once a week.

The weeks themselves are tested in test_weeks.py.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.choices import PlanStage, Programme, Role, Status, YesNoNotSure
from evidence.digest import build_digest, digest_key, send_weekly_digest
from evidence.mail.messages import make_message
from evidence.models import LocalAuthority, OutboundEmail, Submission, SvDbvAnswer
from evidence.weeks import IsoWeek
from tests.emails import assert_email_contains, assert_email_lacks
from tests.factories import SubmissionFactory, local_authority, theme

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
W48 = IsoWeek(2026, 48)  # Monday 23 to Sunday 29 November 2026


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def received(at: datetime, **kwargs) -> Submission:
    submission = SubmissionFactory(**kwargs)
    Submission.objects.filter(pk=submission.pk).update(received_at=at)
    submission.refresh_from_db()
    return submission


def sv_dbv_report(at: datetime, authority: LocalAuthority, *, programme=Programme.SV, plan=YesNoNotSure.NO):
    submission = received(at, themes=["sv-dbv"])
    SvDbvAnswer.objects.create(
        submission=submission,
        local_authority=authority,
        programme=programme,
        plan_stage=PlanStage.BEING_DEVELOPED,
        plan_published=plan,
        schools_consulted=YesNoNotSure.NO,
    )
    return submission


def digest_email(digest):
    return make_message("digest", {"digest": digest})


# --- What it counts -------------------------------------------------------------------------------


def test_it_counts_submissions_inside_the_london_week_only_across_the_march_change():
    week = IsoWeek(2026, 13)
    received(london(2026, 3, 22, 23, 59))  # the Sunday before
    received(london(2026, 3, 23, 0, 0))
    received(london(2026, 3, 29, 23, 59))  # BST by now
    received(london(2026, 3, 30, 0, 0))  # the next week (Sunday 23:00 UTC)
    assert build_digest(week).total == 2


def test_it_counts_submissions_inside_the_london_week_only_across_the_october_change():
    week = IsoWeek(2026, 43)
    received(london(2026, 10, 18, 23, 59))
    received(london(2026, 10, 19, 0, 0))  # Sunday 23:00 UTC
    received(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # the repeated hour, second time round
    received(london(2026, 10, 25, 23, 59))
    received(london(2026, 10, 26, 0, 0))
    digest = build_digest(week)
    assert (digest.total, digest.previous_total) == (3, 1)


def test_it_counts_week_53_across_the_new_year():
    received(london(2026, 12, 31, 12, 0))
    received(london(2027, 1, 3, 23, 59))
    received(london(2027, 1, 4, 0, 0))
    assert build_digest(IsoWeek(2026, 53)).total == 2
    assert build_digest(IsoWeek(2027, 1)).previous_total == 2


def test_it_shows_totals_and_the_change_from_the_week_before():
    for day in (23, 24, 25):
        received(london(2026, 11, day, 12, 0))
    received(london(2026, 11, 18, 12, 0))
    digest = build_digest(W48)
    assert (digest.total, digest.previous_total, digest.change) == (3, 1, 2)
    assert_email_contains(digest_email(digest), "Submissions received: 3 (up 2 from 1 the week before)")


def test_it_says_when_fewer_came_in():
    received(london(2026, 11, 18, 12, 0))
    received(london(2026, 11, 19, 12, 0))
    received(london(2026, 11, 24, 12, 0))
    assert_email_contains(digest_email(build_digest(W48)), "(down 1 from 2 the week before)")


def test_it_counts_by_theme_role_and_authority():
    kent, leeds = local_authority("Kent"), local_authority("Leeds")
    monday = london(2026, 11, 23, 9, 0)
    received(monday, themes=["workload", "banding"], role=Role.SENCO, local_authority=kent)
    received(monday, themes=["workload"], role=Role.SENCO, local_authority=kent)
    received(monday, themes=["training"], role=Role.TRAINEE, local_authority=leeds)
    received(monday, themes=["general"], role=Role.OTHER, local_authority=None)
    digest = build_digest(W48)
    themes = {line.label: line.count for line in digest.by_theme}
    assert len(themes) == 6  # every theme, even one with nothing this week
    assert themes[theme("workload").name] == 2
    assert themes[theme("banding").name] == 1
    assert themes[theme("notional-budgets").name] == 0
    assert [(line.label, line.count) for line in digest.by_role] == [
        ("SENCO", 2),
        ("Other", 1),
        ("Trainee teacher", 1),
    ]
    assert [(line.label, line.count) for line in digest.by_authority] == [("Kent", 2), ("Leeds", 1)]
    assert digest.authority_not_given == 1


def test_it_shows_the_top_ten_authorities():
    authorities = list(LocalAuthority.objects.order_by("name")[:12])
    for n, authority in enumerate(authorities):
        for _ in range(12 - n):
            received(london(2026, 11, 24, 10, 0), local_authority=authority)
    digest = build_digest(W48)
    assert [line.label for line in digest.by_authority] == [a.name for a in authorities[:10]]
    assert digest.by_authority[0].count == 12


def test_spam_is_not_counted():
    received(london(2026, 11, 24, 10, 0))
    received(london(2026, 11, 24, 10, 0), status=Status.SPAM)
    assert build_digest(W48).total == 1


def test_it_lists_new_reports_of_programme_authorities_without_a_published_plan():
    kent, leeds, york = local_authority("Kent"), local_authority("Leeds"), local_authority("York")
    tuesday = london(2026, 11, 24, 10, 0)
    first = sv_dbv_report(tuesday, kent, programme=Programme.SV)
    second = sv_dbv_report(tuesday, kent, programme=Programme.BOTH)
    sv_dbv_report(tuesday, leeds, programme=Programme.DBV, plan=YesNoNotSure.YES)
    sv_dbv_report(tuesday, york, programme=Programme.NEITHER)
    sv_dbv_report(tuesday, york, programme=Programme.NOT_SURE)
    sv_dbv_report(london(2026, 11, 17, 10, 0), leeds, programme=Programme.DBV)  # the week before
    digest = build_digest(W48)
    [line] = digest.sv_dbv_without_plan
    assert (line.label, line.count) == ("Kent", 2)
    assert line.url.endswith(f"/admin/evidence/submission/?id__in={first.id}%2C{second.id}")


def test_it_lists_follow_ups_and_the_oldest_untriaged_with_their_age(settings):
    settings.SITE_URL = "https://evidence.example.org"
    now = london(2026, 11, 30, 7, 0)
    old = received(london(2026, 10, 30, 9, 0), status=Status.NEW)
    received(london(2026, 11, 29, 9, 0), status=Status.NEW)
    flagged = received(london(2026, 11, 20, 9, 0), status=Status.FOLLOW_UP)
    received(london(2026, 11, 20, 9, 0), status=Status.CLOSED)
    digest = build_digest(W48, now=now)
    assert digest.untriaged_total == 2
    assert digest.oldest_untriaged[0].reference == old.reference
    assert digest.oldest_untriaged[0].age_days == 30
    assert (
        digest.oldest_untriaged[0].url
        == f"https://evidence.example.org/admin/evidence/submission/{old.id}/change/"
    )
    assert [item.reference for item in digest.follow_up] == [flagged.reference]
    assert digest.follow_up_total == 1
    assert (
        digest.follow_up_url
        == "https://evidence.example.org/admin/evidence/submission/?status__exact=follow-up"
    )
    assert digest.untriaged_url.endswith("?status__exact=new")
    assert_email_contains(
        digest_email(digest),
        f"{old.reference}, received 30 October 2026 (30 days old)",
        f"https://evidence.example.org/admin/evidence/submission/{flagged.id}/change/",
    )


def test_it_shows_at_most_ten_untriaged(settings):
    for day in range(1, 16):
        received(london(2026, 11, day, 9, 0))
    digest = build_digest(W48)
    assert len(digest.oldest_untriaged) == 10
    assert digest.untriaged_total == 15
    assert digest.oldest_untriaged[0].received_at == london(2026, 11, 1, 9, 0)


def test_its_links_filter_the_admin_by_the_london_week(settings):
    settings.SITE_URL = "https://evidence.example.org"
    received(london(2026, 11, 24, 10, 0), local_authority=local_authority("Kent"))
    digest = build_digest(W48)
    week = "received_at__date__gte=2026-11-23&received_at__date__lte=2026-11-29"
    assert digest.week_url == f"https://evidence.example.org/admin/evidence/submission/?{week}"
    kent = local_authority("Kent")
    assert digest.by_authority[0].url.endswith(f"?local_authority__id__exact={kent.id}&{week}")
    assert all("themes__id__exact=" in line.url for line in digest.by_theme)


def test_it_holds_no_personal_data_or_evidence_text():
    private = {
        "name": "Erin Evans",
        "email": "erin@example.org",
        "membership_number": "N7654321",
        "experience": "Little Snoring Primary has cut our TA hours in half.",
    }
    received(london(2026, 11, 24, 10, 0), status=Status.FOLLOW_UP, **private)
    received(london(2026, 11, 25, 10, 0), status=Status.NEW, **private)
    assert_email_lacks(digest_email(build_digest(W48)), *private.values(), "@example.org")


def test_an_empty_week_still_gets_a_short_digest():
    digest = build_digest(W48)
    message = digest_email(digest)
    assert "no submissions" in message.subject
    assert_email_contains(message, "No submissions were received that week")
    assert_email_lacks(message, "By theme")


def test_it_takes_the_same_number_of_queries_whatever_the_data():
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            build_digest(W48)
        return len(context.captured_queries)

    empty = queries()
    authorities = list(LocalAuthority.objects.order_by("name")[:15])
    for n in range(40):
        status = [Status.NEW, Status.FOLLOW_UP, Status.IN_REVIEW][n % 3]
        received(london(2026, 11, 23 + n % 7, 10, 0), status=status, local_authority=authorities[n % 15])
    for authority in authorities[:5]:
        sv_dbv_report(london(2026, 11, 25, 10, 0), authority)
    assert queries() == empty == 7


# --- Writing it once per week ---------------------------------------------------------------------


def test_it_writes_and_sends_the_digest_to_the_education_team(settings, django_capture_on_commit_callbacks):
    settings.EDUCATION_TEAM_EMAILS = ["education@mail.nasuwat.org.uk", "lead@example.org"]
    received(london(2026, 11, 24, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        email, created = send_weekly_digest(week=W48)
    assert created
    assert email.idempotency_key == "digest:2026-W48"
    assert email.kind == OutboundEmail.Kind.DIGEST
    [message] = mail.outbox
    assert message.to == ["education@mail.nasuwat.org.uk", "lead@example.org"]
    assert message.subject == "SEND evidence weekly digest 2026-W48: 1 submission"
    assert message.extra_headers["Message-ID"].startswith("<digest.2026-W48@")
    assert_email_contains(message, "Submissions received: 1 (up 1 from 0 the week before)")


def test_a_second_run_for_the_same_week_sends_and_writes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = send_weekly_digest(week=W48)
    received(london(2026, 11, 24, 10, 0))
    with (
        CaptureQueriesContext(connection) as context,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        again, created = send_weekly_digest(week=W48)
    assert (again.pk, created) == (first.pk, False)
    assert callbacks == []
    assert len(context.captured_queries) == 1  # the look-up; nothing is built
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_digest_is_written_without_recipients(settings):
    settings.EDUCATION_TEAM_EMAILS = []
    assert send_weekly_digest(week=W48) == (None, False)
    assert not OutboundEmail.objects.exists()


def test_one_digest_per_iso_week_is_its_key():
    assert digest_key(IsoWeek.parse("2026-W53")) == "digest:2026-W53"


def test_restricted_submissions_are_left_out_of_everything(settings):
    received(london(2026, 11, 24, 10, 0))
    received(london(2026, 11, 24, 10, 0), restricted=True)
    hidden_new = received(london(2026, 11, 20, 10, 0), restricted=True)
    hidden_follow_up = received(london(2026, 11, 20, 10, 0), restricted=True, status=Status.FOLLOW_UP)

    digest = build_digest(W48, now=london(2026, 11, 30, 7, 0))

    assert (digest.total, digest.untriaged_total, digest.follow_up_total) == (1, 1, 0)
    text = digest_email(digest).text
    assert hidden_new.reference not in text and hidden_follow_up.reference not in text
    assert "Restricted submissions (a member asked us to restrict processing) are left out." in text


def test_it_says_it_counts_the_submissions_still_held():
    message = digest_email(build_digest(W48))
    assert_email_contains(message, "These counts are of the submissions we still hold")
