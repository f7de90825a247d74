"""Settings come from the environment and refuse what they cannot read.

Each case runs Django in a fresh process, because settings are read once at start-up. Safe by default:
with no environment the settings are production's and refuse to start; local development says
``DJANGO_DEBUG=1`` (``LOCAL``).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nasuwt_send.env import env_bool, env_int

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "production-like-test-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "send.example.org",
    "DEFAULT_FROM_EMAIL": "NASUWT Education Team <education@send.example.org>",
    "EDUCATION_TEAM_EMAILS": "education@send.example.org,digest@send.example.org",
}
LOCAL = {"DJANGO_DEBUG": "1"}
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "DEFAULT_FROM_EMAIL", "EDUCATION_TEAM_"))
}


def django(code: str, env: dict[str, str], cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    script = f"import sys; sys.path.insert(0, {str(PROJECT)!r}); import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "nasuwt_send.settings", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**CLEAN_ENV, **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_env_bool_refuses_a_malformed_value(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)


def test_with_no_environment_it_is_production_and_refuses_to_start(tmp_path):
    result = django("", {}, cwd=tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is required unless DJANGO_DEBUG=1" in result.stderr


@pytest.mark.parametrize("debug", ["0", "false", "off"])
def test_debug_switched_off_in_any_spelling_is_production(debug):
    code = "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"
    result = django(code, {**PRODUCTION, "DJANGO_DEBUG": debug})

    assert result.stdout.split() == ["False", "True"]


def test_with_debug_on_it_is_local_development_on_sqlite_under_var(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['NAME'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.EMAIL_BACKEND.rsplit('.', 1)[-1], s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], s.ALLOWED_HOSTS)"
    )
    result = django(code, LOCAL, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 5)[:5] == [
        "True",
        str(PROJECT / "var" / "db.sqlite3"),
        "True",
        "EmailBackend",
        "LocMemCache",
    ]
    assert "'localhost', '127.0.0.1', '[::1]'" in result.stdout


def test_a_malformed_debug_value_stops_start_up():
    result = django("", {"DJANGO_DEBUG": "maybe"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL", "EDUCATION_TEAM_EMAILS"]
)
def test_production_refuses_to_start_without_each_required_variable(missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}

    result = django("", env)

    assert result.returncode != 0
    assert f"{missing} is required unless DJANGO_DEBUG=1" in result.stderr


def test_production_sends_from_its_own_addresses_never_the_briefings():
    code = "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL, '|', s.EDUCATION_TEAM_EMAILS)"
    result = django(code, PRODUCTION)

    assert result.stdout.strip() == (
        "NASUWT Education Team <education@send.example.org> | "
        "['education@send.example.org', 'digest@send.example.org']"
    )


def test_local_development_keeps_the_briefings_address_as_its_default():
    code = "from django.conf import settings as s; print(s.EDUCATION_TEAM_EMAILS, s.DEFAULT_FROM_EMAIL)"
    result = django(code, LOCAL)

    assert result.stdout.split()[0] == "['education@mail.nasuwat.org.uk']"


def test_the_tests_and_the_processes_they_start_run_with_debug_on():
    """pytest-env (pyproject.toml) sets it before pytest-django reads the settings."""
    from django.conf import settings

    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ['DJANGO_DEBUG'])"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert os.environ["DJANGO_DEBUG"] == "1"
    assert child.stdout.strip() == "1"
    assert not getattr(settings, "SECURE_SSL_REDIRECT", False)


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_switches_on_hsts_secure_cookies_and_the_ssl_redirect():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = django(code, PRODUCTION)

    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "True"]


def test_the_ssl_redirect_and_tls_proxy_switches_take_effect():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    result = django(code, {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_BEHIND_TLS_PROXY": "1"})

    assert result.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_redis_url_switches_on_the_redis_cache_broker_and_rate_limits():
    code = (
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['IGNORE_EXCEPTIONS'], c['OPTIONS']['SOCKET_TIMEOUT'], "
        "s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.RATELIMIT_ENABLE, s.SILENCED_SYSTEM_CHECKS)"
    )
    result = django(code, {**LOCAL, "REDIS_URL": "redis://127.0.0.1:6379/3"})

    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "True",
        "0.5",
        "redis://127.0.0.1:6379/3",
        "False",
        "True",
        "[]",
    ]


def test_rate_limiting_can_be_switched_off_for_load_tests():
    code = "from django.conf import settings as s; print(s.RATELIMIT_ENABLE)"
    result = django(code, {**LOCAL, "REDIS_URL": "redis://127.0.0.1:6379/3", "RATELIMIT_ENABLE": "0"})

    assert result.stdout.strip() == "False"


def test_postgres_uses_persistent_connections_with_health_checks():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout'])"
    )
    result = django(code, {**LOCAL, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"})

    assert result.stdout.split() == ["nasuwt_send.postgresql", "60", "True", "2"]


def test_email_url_configures_smtp():
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    result = django(code, {**LOCAL, "EMAIL_URL": "smtp+tls://user:secret@mail.example.org:587"})

    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "True",
    ]


def test_cache_url_gives_the_page_cache_its_own_redis_and_rate_limits_stay_on_redis_url():
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['LOCATION'], s.CACHES['ratelimit']['LOCATION'], s.RATELIMIT_USE_CACHE)"
    )
    env = {
        "DJANGO_DEBUG": "1",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "CACHE_URL": "redis://127.0.0.1:6380/0",
    }

    assert django(code, env).stdout.split() == [
        "redis://127.0.0.1:6380/0",
        "redis://127.0.0.1:6379/3",
        "ratelimit",
    ]
    assert django(code, {"DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"}).stdout.split()[
        :2
    ] == [
        "redis://127.0.0.1:6379/3",
        "redis://127.0.0.1:6379/3",
    ]


def test_the_new_rate_limits_have_defaults_and_refuse_a_malformed_rate():
    code = (
        "from django.conf import settings as s; "
        "print(s.EVIDENCE_START_RATE_LIMIT, s.EVIDENCE_UPLOAD_RATE_LIMIT, s.EVIDENCE_UPLOAD_BYTES_PER_HOUR)"
    )
    assert django(code, {"DJANGO_DEBUG": "1"}).stdout.split() == ["60/h", "100/h", str(500 * 1024 * 1024)]

    result = django("", {"DJANGO_DEBUG": "1", "EVIDENCE_UPLOAD_RATE_LIMIT": "lots"})

    assert result.returncode != 0
    assert "EVIDENCE_UPLOAD_RATE_LIMIT must be a rate like 30/h" in result.stderr


def test_security_headers_are_set_in_development_as_in_production():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)"
    )

    assert django(code, {"DJANGO_DEBUG": "1"}).stdout.split() == ["True", "DENY", "same-origin"]
    assert django(code, PRODUCTION).stdout.split() == ["True", "DENY", "same-origin"]
