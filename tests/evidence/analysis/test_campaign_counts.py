"""Both counts where a group is marked a campaign: the dashboard, the weekly digest and the export."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from evidence.analysis import groups
from evidence.digest import build_digest, digest_message
from evidence.models import NearDuplicateGroup, Submission
from evidence.triage import dashboard, export
from evidence.weeks import IsoWeek
from tests.emails import assert_email_contains
from tests.evidence.analysis.letters import UNRELATED, letter
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

W48 = IsoWeek(2026, 48)
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def three_copies_and_one_other():
    sent = [SubmissionFactory(experience=letter(f"School {n}", f"Member {n}")) for n in range(3)]
    sent.append(SubmissionFactory(experience=UNRELATED))
    for submission in sent:
        groups.find_group(submission_id=submission.pk)
    Submission.objects.update(received_at=TUESDAY)
    return sent


def test_a_group_not_marked_counts_member_by_member(three_copies_and_one_other):
    counts = dashboard.campaign_counts()
    assert (counts.each_member, counts.campaigns_once, counts.campaign_groups) == (4, 4, 0)


def test_a_campaign_counts_once_beside_the_count_of_each_member(three_copies_and_one_other):
    NearDuplicateGroup.objects.update(is_campaign=True)
    counts = dashboard.campaign_counts()
    assert (counts.each_member, counts.campaigns_once, counts.campaign_groups) == (4, 2, 1)


def test_the_dashboard_shows_both_counts(client, alice, three_copies_and_one_other):
    NearDuplicateGroup.objects.update(is_campaign=True)
    page = sign_in(client, alice).get(reverse("admin:evidence_submission_dashboard")).content.decode()
    assert '<td id="count-each-member">4</td>' in page
    assert '<td id="count-campaigns-once">2</td>' in page


def test_the_digest_gives_both_counts(three_copies_and_one_other):
    NearDuplicateGroup.objects.update(is_campaign=True)
    digest = build_digest(W48)
    assert (digest.total, digest.total_campaigns_once, digest.campaign_groups) == (4, 2, 1)
    assert_email_contains(digest_message(digest), "Counting each campaign once: 2 (1 campaign group)")


def test_the_export_gives_the_group_its_size_and_the_campaign_mark(three_copies_and_one_other):
    NearDuplicateGroup.objects.update(is_campaign=True)
    group = NearDuplicateGroup.objects.get()
    header = export.HEADERS
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in export.submission_rows(Submission.objects.all())
    }
    copy, other = three_copies_and_one_other[0], three_copies_and_one_other[3]
    assert (rows[copy.reference]["group"], rows[copy.reference]["group_size"]) == (str(group.pk), "3")
    assert rows[copy.reference]["group_is_campaign"] == "yes"
    assert [rows[other.reference][c] for c in ("group", "group_size", "group_is_campaign")] == ["", "", ""]
