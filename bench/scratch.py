"""A scratch PostgreSQL database beside DATABASE_URL's, made afresh for one benchmark run."""

import os
from urllib.parse import urlsplit, urlunsplit


def fresh_database(suffix: str) -> tuple[str, str] | None:
    """Drop and create ``<DATABASE_URL's name>_<suffix>``; return (its name, its URL), or None when
    DATABASE_URL is not PostgreSQL."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        return None
    import psycopg

    name = f"{urlsplit(base_url).path.lstrip('/') or 'postgres'}_{suffix}"
    url = urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))
    # The benchmark points DATABASE_URL at the scratch database next; dropping it needs the server's own.
    os.environ["BENCH_ADMIN_DATABASE_URL"] = base_url
    with psycopg.connect(base_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return name, url


def drop_database(name: str) -> None:
    """Drop a scratch database made by ``fresh_database``."""
    import psycopg

    base_url = os.environ["BENCH_ADMIN_DATABASE_URL"]
    with psycopg.connect(base_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
