"""The database health check (nasuwt_send/postgresql): no round trip while the connection is well,
and a connection the server has ended is still found and replaced before a request uses it."""

import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangosWrapper

from nasuwt_send.postgresql.base import has_something_to_read
from tests.conftest import need_postgres

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def djangos_checks(monkeypatch):
    """How many times Django's own check (its SELECT 1) ran."""
    calls = []
    real = DjangosWrapper.is_usable

    def counted(self):
        calls.append(self.alias)
        return real(self)

    monkeypatch.setattr(DjangosWrapper, "is_usable", counted)
    return calls


def end_from_elsewhere(backend_pid: int) -> None:
    """What a restart or an administrator does to a connection: the server ends it."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=connection.settings_dict["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def test_a_connection_in_good_health_is_checked_without_asking_the_server(djangos_checks):
    need_postgres()
    connection.ensure_connection()

    assert connection.is_usable() is True
    assert djangos_checks == []


def test_a_connection_the_server_ended_is_found_and_replaced_before_the_next_query(djangos_checks):
    need_postgres()
    connection.ensure_connection()
    ended = connection.connection.info.backend_pid
    end_from_elsewhere(ended)
    deadline = time.monotonic() + 5
    while not has_something_to_read(connection.connection.fileno()) and time.monotonic() < deadline:
        time.sleep(0.01)

    # As at the start of a request: the check runs before the first query.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        now = cursor.fetchone()[0]

    assert djangos_checks, "the server had spoken, so Django's own check was asked"
    assert now != ended


def test_a_closed_connection_is_not_usable():
    need_postgres()
    connection.ensure_connection()
    connection.connection.close()

    assert connection.is_usable() is False
    connection.close()  # as Django does with a connection found unusable
