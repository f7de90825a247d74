"""How the portal reaches its database (read by settings): ``DATABASE_URL``, or SQLite under var/.

On PostgreSQL: Django's backend with a health check that costs no round trip
(``nasuwt_send.postgresql``), persistent connections, a short connect timeout, and the parameters
bound by the server (``server_side_binding``).

Server-side binding: psycopg sends each statement and its parameters apart (PostgreSQL's extended
protocol) instead of quoting every parameter into the SQL in Python. That was a tenth of the CPU of a
member's journey in process (decision 0075). Django supports it and runs its own tests with it. No
statement is prepared (Django leaves ``prepare_threshold`` unset), so a pooler in transaction mode
works as before. ``DATABASE_SERVER_SIDE_BINDING=0`` binds in Python again.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from nasuwt_send.env import env_bool, env_int


def databases(url: str, *, var_dir: Path) -> dict[str, dict]:
    if not url:
        # The embedded default: a fresh clone has no var/ yet, and SQLite will not make the folder.
        var_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{var_dir / 'db.sqlite3'}"
    try:
        default = environ.Env.db_url_config(url)
    except Exception as exc:  # environ raises several types for a bad URL; say which variable is wrong
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
    if default["ENGINE"] == "django.db.backends.postgresql":
        default["ENGINE"] = "nasuwt_send.postgresql"
        # Persistent connections: a one-query view served 2,205 req/s with them and 290 without.
        default["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        default["CONN_HEALTH_CHECKS"] = True
        # An unreachable database must fail fast, so the member sees "try again shortly" quickly.
        default.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
        default["OPTIONS"]["server_side_binding"] = env_bool("DATABASE_SERVER_SIDE_BINDING", True)
    return {"default": default}
