"""nasuwt_send.database_config: DATABASE_URL read into Django's DATABASES."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from nasuwt_send.database_config import databases


def test_without_a_url_it_is_sqlite_in_a_var_folder_it_makes(tmp_path):
    var_dir = tmp_path / "var"

    found = databases("", var_dir=var_dir)

    assert found["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert found["default"]["NAME"] == str(var_dir / "db.sqlite3")
    assert var_dir.is_dir()


def test_postgresql_gets_the_portals_backend_persistent_connections_and_a_short_connect_timeout(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "30")

    found = databases("postgres://portal@db.example:5432/send", var_dir=tmp_path)["default"]

    assert (found["ENGINE"], found["NAME"], found["HOST"]) == ("nasuwt_send.postgresql", "send", "db.example")
    assert (found["CONN_MAX_AGE"], found["CONN_HEALTH_CHECKS"]) == (30, True)
    assert found["OPTIONS"]["connect_timeout"] == 2
    assert found["OPTIONS"]["server_side_binding"] is True
    assert "prepare_threshold" not in found["OPTIONS"]  # nothing prepared: a pooler works as before


def test_binding_in_python_again_is_one_variable_away(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_SERVER_SIDE_BINDING", "0")

    found = databases("postgres://portal@db.example:5432/send", var_dir=tmp_path)["default"]

    assert found["OPTIONS"]["server_side_binding"] is False


def test_a_url_it_cannot_read_names_the_variable(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL could not be read"):
        databases("postgres://portal@db.example:notaport/send", var_dir=tmp_path)
