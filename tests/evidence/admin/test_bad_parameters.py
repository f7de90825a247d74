"""No 500 from a hand-edited admin address: NUL bytes, unknown filters, bad dates, huge numbers.

Each answers 400, or the list with a message. The property-based fuzzing of every admin parameter is
tests/foundation/test_no_500s.py; these are the cases found by hand, kept as plain regressions.
"""

import pytest

from evidence.models import EvidenceExport
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

LIST = "/admin/evidence/submission/"
EXPORT = "/admin/evidence/submission/export/"


@pytest.fixture
def signed_in(client, dave):
    SubmissionFactory(themes=["workload"])
    return sign_in(client, dave)


@pytest.mark.parametrize(
    "path",
    [EXPORT, LIST, "/admin/evidence/outboundemail/", "/admin/auth/user/", "/admin/consultation/question/"],
)
@pytest.mark.parametrize("query", ["status__exact=%00", "q=a%00b", "theme=%00", "%00=1"])
def test_a_nul_byte_in_an_admin_query_is_a_400(signed_in, path, query):
    response = signed_in.get(f"{path}?{query}")

    assert response.status_code == 400
    assert EvidenceExport.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    ["nonsense__field=1", "received_at__gte=2026-13-45", "is_demo__exact=maybe"],
)
def test_an_export_with_filters_the_list_does_not_have_goes_back_to_the_list_with_a_message(signed_in, query):
    response = signed_in.get(f"{EXPORT}?{query}", follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "The filters of this export could not be read" in response.content.decode()
    assert EvidenceExport.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [LIST, "/admin/evidence/outboundemail/", "/admin/consultation/question/", "/admin/auth/user/"],
)
@pytest.mark.parametrize(
    "query",
    ["nonsense__field=1", "received_at__gte=notadate", "is_demo__exact=maybe", "id__in=%2C%2C"],
)
def test_a_list_with_unreadable_filters_shows_the_whole_list_and_says_why(signed_in, path, query):
    response = signed_in.get(f"{path}?{query}", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(f"{path}?e=1", 302)]
    assert "The filters in that address could not be read" in response.content.decode()


def test_unknown_choices_in_our_own_filters_show_the_whole_list(signed_in):
    response = signed_in.get(f"{LIST}?theme=nope&reported_programme=nope&known_programme=nope&assignee=nope")

    assert response.status_code == 200
