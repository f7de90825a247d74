"""Sessions in the database, one statement per read and per write (nasuwt_send/sessions.py): the
same rows, expiry and errors as Django's own store."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangosStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from nasuwt_send.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_portal_uses_it():
    assert settings.SESSION_ENGINE == "nasuwt_send.sessions"


def test_what_it_saves_django_reads_and_the_other_way_round():
    ours = SessionStore()
    ours["journey"] = {"step": "about-you", "answers": ["é", 1]}
    ours.save()
    djangos = DjangosStore()
    djangos["journey"] = "theirs"
    djangos.save()

    assert DjangosStore(ours.session_key)["journey"] == {"step": "about-you", "answers": ["é", 1]}
    assert SessionStore(djangos.session_key)["journey"] == "theirs"


def test_a_read_is_one_statement_and_a_write_is_one_statement(django_assert_num_queries):
    session = SessionStore()
    session["n"] = 1
    session.save()
    again = SessionStore(session.session_key)

    with django_assert_num_queries(1):
        assert again["n"] == 1
    again["n"] = 2
    with django_assert_num_queries(1):  # no BEGIN, SAVEPOINT or COMMIT of its own
        again.save()

    assert SessionStore(session.session_key)["n"] == 2


def test_an_expired_or_unknown_session_reads_as_empty_and_gets_a_new_key():
    session = SessionStore()
    session["n"] = 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    expired = SessionStore(session.session_key)
    unknown = SessionStore("x" * 32)

    assert expired.load() == {} and expired.session_key is None
    assert unknown.load() == {} and unknown.session_key is None


def test_the_expiry_written_is_the_sessions_own():
    session = SessionStore()
    session.set_expiry(600)
    session.save()

    row = Session.objects.get(session_key=session.session_key)
    assert timedelta(seconds=590) < row.expire_date - timezone.now() <= timedelta(seconds=600)


def test_creating_over_a_key_already_taken_is_a_create_error_and_changes_nothing():
    first = SessionStore()
    first["who"] = "first"
    first.save()
    second = SessionStore(first.session_key)
    second._session_cache = {"who": "second"}

    with pytest.raises(CreateError):
        second.save(must_create=True)
    assert SessionStore(first.session_key)["who"] == "first"


def test_create_tries_another_key_when_one_is_taken(monkeypatch):
    taken = SessionStore()
    taken.save()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))

    session = SessionStore()
    session.create()

    assert session.session_key == "k" * 32
    assert Session.objects.filter(session_key__in=[taken.session_key, "k" * 32]).count() == 2


def test_saving_a_session_deleted_meanwhile_is_an_update_error():
    session = SessionStore()
    session["n"] = 1
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()
    session["n"] = 2

    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_a_session_deleted_during_a_request_answers_400_not_500(client):
    client.get("/evidence/send/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()

    from django.contrib.sessions.middleware import SessionMiddleware

    original = SessionMiddleware.process_response

    def deleted_meanwhile(self, request, response):
        Session.objects.filter(session_key=key).delete()
        request.session.modified = True
        return original(self, request, response)

    SessionMiddleware.process_response = deleted_meanwhile
    try:
        response = client.get("/evidence/send/")
    finally:
        SessionMiddleware.process_response = original

    assert response.status_code == 400
