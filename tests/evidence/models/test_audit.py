"""The audit log (evidence.models.audit): append-only, pointers kept as text."""

import pytest
from django.db import DatabaseError, transaction

from evidence.models import AuditEvent, record_event

pytestmark = pytest.mark.django_db


def test_it_keeps_the_actor_and_the_target_as_text(alice):
    event = record_event(
        AuditEvent.Action.VIEW_SUBMISSION, actor=alice.get_username(), target="SEND-ABCD-2345"
    )

    alice.delete()

    event.refresh_from_db()
    assert (event.actor, event.target) == ("alice", "SEND-ABCD-2345")


def test_postgresql_refuses_to_change_an_event(postgres):
    event = record_event(AuditEvent.Action.SEARCH, actor="alice", detail="Kent")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="nothing to see")

    event.refresh_from_db()
    assert event.detail == "Kent"
