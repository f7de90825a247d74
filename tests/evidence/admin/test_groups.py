import pytest
from django.urls import reverse

from evidence.analysis import groups
from evidence.models import AuditEvent, NearDuplicateGroup, SubmissionSignature
from tests.evidence.analysis.letters import UNRELATED, letter
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

LIST = reverse("admin:evidence_submission_changelist")


@pytest.fixture
def campaign_letters():
    sent = [
        SubmissionFactory(experience=letter(school, name))
        for school, name in [
            ("Oak Primary", "Jane Smith"),
            ("Elm Academy", "Raj Patel"),
            ("Ash High", "Sam Jones"),
        ]
    ]
    for submission in sent:
        groups.find_group(submission_id=submission.pk)
    return sent


def test_the_list_shows_each_submissions_group_size(client, alice, campaign_letters):
    alone = SubmissionFactory(experience=UNRELATED)
    response = sign_in(client, alice).get(LIST)
    rows = {row.reference: row.group_total for row in response.context["cl"].result_list}
    assert rows[campaign_letters[0].reference] == 3
    assert rows[alone.reference] is None
    assert b"group size" in response.content.lower()


def test_the_list_filters_submissions_in_a_group_and_in_campaign_groups(client, alice, campaign_letters):
    alone = SubmissionFactory(experience=UNRELATED)
    sign_in(client, alice)
    in_group = {s.reference for s in client.get(LIST, {"group": "any"}).context["cl"].result_list}
    assert in_group == {s.reference for s in campaign_letters}
    assert alone.reference not in in_group
    assert not client.get(LIST, {"group": "campaign"}).context["cl"].result_list
    NearDuplicateGroup.objects.update(is_campaign=True)
    assert len(client.get(LIST, {"group": "campaign"}).context["cl"].result_list) == 3
    group_id = SubmissionSignature.objects.get(pk=campaign_letters[0].pk).group_id
    assert len(client.get(LIST, {"group": str(group_id)}).context["cl"].result_list) == 3


def test_the_submission_page_links_the_others_in_its_group_and_shows_what_differs(
    client, alice, campaign_letters
):
    first = campaign_letters[0]
    response = sign_in(client, alice).get(reverse("admin:evidence_submission_change", args=[first.pk]))
    page = response.content.decode()
    assert "with 2 other submissions" in page
    assert reverse("admin:evidence_submission_change", args=[campaign_letters[1].pk]) in page
    assert '<ins class="group-diff-added">Elm Academy' in page
    assert '<del class="group-diff-removed">Oak Primary' in page
    assert 'style="' not in page.split('id="summary-group"')[1].split("</section>")[0]
    # Their words were shown: each is on record as opened.
    opened = set(AuditEvent.objects.filter(action="view-submission").values_list("target", flat=True))
    assert {s.reference for s in campaign_letters} <= opened


def test_the_difference_is_escaped(client, alice):
    sent = [
        SubmissionFactory(experience=letter("Oak", "Jane")),
        SubmissionFactory(experience=letter("<b>x</b>", "Raj")),
    ]
    for submission in sent:
        groups.find_group(submission_id=submission.pk)
    page = sign_in(client, alice).get(reverse("admin:evidence_submission_change", args=[sent[0].pk])).content
    assert b"&lt;b&gt;x&lt;/b&gt;" in page and b"<b>x</b>" not in page


def test_staff_of_the_education_team_mark_a_group_a_campaign_and_it_is_on_record(
    client, alice, campaign_letters
):
    group = NearDuplicateGroup.objects.get()
    url = reverse("admin:evidence_nearduplicategroup_change", args=[group.pk])
    sign_in(client, alice)
    page = client.get(url)
    assert page.status_code == 200
    assert campaign_letters[2].reference in page.content.decode()
    response = client.post(url, {"is_campaign": "on"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.is_campaign and group.marked_by == alice
    client.post(url, {})
    group.refresh_from_db()
    assert not group.is_campaign
    details = list(
        AuditEvent.objects.filter(action="campaign")
        .order_by("at", "pk")
        .values_list("actor", "target", "detail")
    )
    assert details == [
        ("alice", f"group {group.pk}", "marked a campaign"),
        ("alice", f"group {group.pk}", "unmarked: not a campaign"),
    ]


def test_a_superuser_may_mark_a_campaign(client, dave, campaign_letters):
    group = NearDuplicateGroup.objects.get()
    url = reverse("admin:evidence_nearduplicategroup_change", args=[group.pk])
    sign_in(client, dave).post(url, {"is_campaign": "on"})
    group.refresh_from_db()
    assert group.is_campaign


def test_staff_outside_the_education_team_are_refused(client, charlie, campaign_letters):
    group = NearDuplicateGroup.objects.get()
    url = reverse("admin:evidence_nearduplicategroup_change", args=[group.pk])
    sign_in(client, charlie)
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"is_campaign": "on"})
    group.refresh_from_db()
    assert not group.is_campaign
