"""The outbox's settings (nasuwt_send/settings.py, its Outbox block): the budget in time and the relay."""

from tests.foundation.test_settings import django


def test_the_retry_budget_is_a_day_of_time_by_default():
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_RETRY_FOR_SECONDS, s.EMAIL_RETRY_BACKOFF_SECONDS, s.EMAIL_RETRY_BACKOFF_MAX_SECONDS, "
        "s.OUTBOX_RELAY_AFTER_SECONDS, s.OUTBOX_RELAY_BUDGET_SECONDS)"
    )
    result = django(code, {"DJANGO_DEBUG": "1"})
    assert result.stdout.split() == ["86400", "30", "1800", "300", "120"]


def test_the_retired_count_of_retries_stops_start_up_and_names_its_replacement():
    result = django("", {"DJANGO_DEBUG": "1", "EMAIL_SEND_MAX_RETRIES": "6"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EMAIL_RETRY_FOR_SECONDS" in result.stderr


def test_the_retry_budget_is_read_from_the_environment():
    code = "from django.conf import settings as s; print(s.EMAIL_RETRY_FOR_SECONDS)"
    result = django(code, {"DJANGO_DEBUG": "1", "EMAIL_RETRY_FOR_SECONDS": "3600"})
    assert result.stdout.split() == ["3600"]
