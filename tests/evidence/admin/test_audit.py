"""The audit log in the admin (evidence.admin.audit): Dave, a superuser, reads, filters and searches it;
nobody, Dave included, adds, changes or deletes an event there; Alice, Grace and Charlie cannot open it.
"""

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from evidence.models import AuditEvent, record_event
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
LIST = reverse("admin:evidence_auditevent_changelist")


def shown(response) -> list[str]:
    """What the list shows, leaving out Dave's own sign-in (sign_in records it)."""
    rows = response.context["cl"].result_list
    return [event.target or event.detail for event in rows if event.action != Action.SIGN_IN]


@pytest.fixture
def events():
    return [
        record_event(Action.VIEW_SUBMISSION, actor="alice", target="SEND-AAAA-2222"),
        record_event(Action.SEARCH, actor="alice", detail="Okafor"),
        record_event(Action.DOWNLOAD_FILE, actor="frank", target="SEND-BBBB-3333 file 7"),
    ]


@pytest.fixture
def dave_signed_in(client, dave):
    return sign_in(client, dave)


def test_dave_reads_the_log_newest_first(dave_signed_in, events):
    response = dave_signed_in.get(LIST)

    assert response.status_code == 200
    assert shown(response) == ["SEND-BBBB-3333 file 7", "Okafor", "SEND-AAAA-2222"]


def test_dave_filters_by_action_and_by_actor(dave_signed_in, events):
    assert shown(dave_signed_in.get(LIST, {"action__exact": Action.SEARCH})) == ["Okafor"]
    assert shown(dave_signed_in.get(LIST, {"actor": "frank"})) == ["SEND-BBBB-3333 file 7"]


def today_link(response) -> dict[str, datetime]:
    """The "Today" link of the list's "at" filter: midnight to midnight in the site's time zone."""
    (at,) = [spec for spec in response.context["cl"].filter_specs if spec.field_path == "at"]
    return dict(at.links)["Today"]


def test_dave_filters_by_date(dave_signed_in, events):
    today = today_link(dave_signed_in.get(LIST))
    long_ago = {key: moment.replace(year=2000) for key, moment in today.items()}

    assert len(shown(dave_signed_in.get(LIST, today))) == 3
    assert shown(dave_signed_in.get(LIST, long_ago)) == []


def test_dave_searches_by_target_or_actor(dave_signed_in, events):
    assert shown(dave_signed_in.get(LIST, {"q": "BBBB"})) == ["SEND-BBBB-3333 file 7"]
    assert shown(dave_signed_in.get(LIST, {"q": "alice"})) == ["Okafor", "SEND-AAAA-2222"]


def test_dave_may_open_an_event_but_not_change_it(dave_signed_in, events):
    url = reverse("admin:evidence_auditevent_change", args=[events[0].pk])

    page = dave_signed_in.get(url)
    dave_signed_in.post(url, {"actor": "nobody", "action": Action.SEARCH, "target": "", "detail": ""})

    assert page.status_code == 200
    assert b'name="actor"' not in page.content
    events[0].refresh_from_db()
    assert events[0].actor == "alice"


def test_nobody_adds_an_event_through_the_admin_not_even_dave(dave_signed_in):
    url = reverse("admin:evidence_auditevent_add")

    assert dave_signed_in.get(url).status_code == 403
    assert dave_signed_in.post(url, {"actor": "dave", "action": Action.SEARCH}).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


def test_nobody_deletes_an_event_through_the_admin_not_even_dave(dave_signed_in, events):
    url = reverse("admin:evidence_auditevent_delete", args=[events[0].pk])

    assert dave_signed_in.get(url).status_code == 403
    assert dave_signed_in.post(url, {"post": "yes"}).status_code == 403
    bulk = dave_signed_in.post(
        LIST, {"action": "delete_selected", "_selected_action": [e.pk for e in events], "post": "yes"}
    )

    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in events]).count() == 3
    assert "delete_selected" not in dave_signed_in.get(LIST).content.decode()


@pytest.mark.parametrize("person", ["alice", "grace", "charlie"])
def test_the_education_team_and_other_staff_cannot_open_the_log(client, request, person, events):
    user = request.getfixturevalue(person)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))  # a stray permission
    sign_in(client, user)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("admin:evidence_auditevent_change", args=[events[0].pk])).status_code == 403
    assert "Audit event" not in client.get(reverse("admin:index")).content.decode()
