"""A pack's count of submissions equals the admin list's for the same filter, spam and restricted left
out (on the list: every status but spam, restricted "No"), on PostgreSQL."""

import pytest
from django.urls import reverse

from evidence.choices import Status
from evidence.models import EvidencePack, LocalAuthority, Theme
from evidence.publishing.packs.figures import count_figures
from evidence.publishing.packs.selection import select
from tests.factories import SubmissionFactory, SvDbvAnswerFactory
from tests.staff import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
LIST = reverse("admin:evidence_submission_changelist")
COUNTED_STATUSES = [s for s in Status.values if s != Status.SPAM]


def listed(client, params: dict) -> int:
    """The list's count for the filter, spam and restricted left out as the pack leaves them out."""
    total = 0
    for status in COUNTED_STATUSES:
        response = client.get(LIST, {**params, "status__exact": status, "restricted__exact": "0"})
        assert response.status_code == 200
        total += response.context["cl"].result_count
    return total


@pytest.fixture
def evidence(postgres):
    kent = LocalAuthority.objects.get(name="Kent")
    for n in range(7):
        SvDbvAnswerFactory(
            programme=["sv", "both", "dbv", "neither"][n % 4], submission__local_authority=kent
        )
    SvDbvAnswerFactory(programme="sv", submission__status=Status.SPAM)
    SvDbvAnswerFactory(programme="sv", submission__restricted=True)
    SvDbvAnswerFactory(programme="sv", submission__status=Status.CLOSED)
    for _ in range(4):
        SubmissionFactory(themes=["banding"], status=Status.IN_REVIEW, local_authority=kent)
    staff_tagged = SubmissionFactory(themes=["workload"])
    staff_tagged.staff_themes.set(Theme.objects.filter(slug="banding"))
    return kent


@pytest.mark.parametrize(
    ("kind", "key", "params"),
    [
        (EvidencePack.Kind.PROGRAMME, "sv", {"reported_programme": "sv"}),
        (EvidencePack.Kind.PROGRAMME, "dbv", {"reported_programme": "dbv"}),
        (EvidencePack.Kind.THEME, "banding", {"theme": "banding"}),
        (EvidencePack.Kind.THEME, "sv-dbv", {"theme": "sv-dbv"}),
    ],
)
def test_a_packs_count_equals_the_lists_for_the_same_filter(client, alice, evidence, kind, key, params):
    sign_in(client, alice)
    pack_count = count_figures(select(kind=kind, key=key)).submissions
    assert pack_count > 0
    assert pack_count == listed(client, params)


def test_an_authority_packs_count_equals_the_lists(client, alice, evidence):
    sign_in(client, alice)
    pack_count = count_figures(select(kind=EvidencePack.Kind.AUTHORITY, key=evidence.gss_code)).submissions
    assert pack_count == listed(client, {"local_authority__id__exact": evidence.pk}) == 11


def test_a_pack_of_the_list_counts_what_the_list_shows(client, alice, evidence):
    from evidence.admin.pack_list import list_submissions

    sign_in(client, alice)
    query = "reported_programme=sv&phase__exact=primary"
    selection = select(kind=EvidencePack.Kind.LIST, key=query, list_submissions=list_submissions, by=alice)
    assert count_figures(selection).submissions == listed(
        client, {"reported_programme": "sv", "phase__exact": "primary"}
    )
