"""Where the time goes, for each page that missed its target: cProfile over a few requests.

The requests go through Django's test client in this process (same settings, database and cache as
the gunicorn workers), anonymous for public pages and signed in for the admin's. The profile is the
top of ``pstats`` sorted by cumulative time, kept in results.json's ``details.profiles``.
"""

import cProfile
import io
import pstats

from bench.stack.report import Row

REQUESTS = 3
LINES = 45
OWN_LINES = 15


def profile(client, path: str) -> list[str]:
    # Warm: the first request fills caches the measured ones would find full.
    status = client.get(path).status_code
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # Cumulative time shows which call holds the time (under the middleware's wrappers); own time,
    # which function spends it.
    stats.strip_dirs().sort_stats("cumulative").print_stats(LINES)
    stats.sort_stats("tottime").print_stats(OWN_LINES)
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    return [f"{REQUESTS} requests of {path} (answered {status})", *lines]


def missed(
    rows: list[Row], public: dict[str, str], admin: dict[str, str], size_key: str, *, every: bool = False
) -> dict[str, list[str]]:
    """Profiles of the pages behind each row not met (``every``: behind each row with a target):
    public rows by id, the admin's at ``size_key``."""
    from bench.stack.admin_pages import django_client, staff_client

    wanted: dict[str, tuple[str, bool]] = {}
    for row in rows:
        if row.met is None or (row.met and not every):
            continue
        if row.id in public:
            wanted[row.id] = (public[row.id], False)
        prefix, _, size = row.id.rpartition(".")
        if size == size_key and prefix.startswith("admin."):
            name = prefix.removeprefix("admin.")
            for page, path in admin.items():
                if page == name or (name == "filters" and page.startswith("filter ")):
                    wanted[f"admin {page} at {size}"] = (path, True)
    staff = staff_client()[0] if any(signed for _, signed in wanted.values()) else None
    anonymous = django_client()
    anonymous.get("/evidence/send/", follow=True)  # a journey begun, for the steps' pages
    return {name: profile(staff if signed else anonymous, path) for name, (path, signed) in wanted.items()}
