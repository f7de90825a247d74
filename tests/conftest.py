"""Shared test setup, and the people every test file means by the same names.

The people (fixtures below; each logs in with ``tests.factories.PASSWORD``):

- **Alice** (``alice``), of the Education Team: staff, in the "Education Team" group. She reads and
  triages members' evidence.
- **Bob** (``bob``), a content editor: staff, in the "Content editors" group. He edits the
  consultation content and sees no evidence.
- **Charlie** (``charlie``), staff in no group: he can log in to the admin and may see nothing. Tests
  that give him a stray permission do so in the test, to show it opens nothing.
- **Dave** (``dave``), a superuser.
- **Erin** (``erin``), a member of the union with an account, not staff. She is also the member who
  sends evidence in the journey tests (tests/journeys.py), where she needs no account.
- **Frank** (``frank``), Alice's colleague in the Education Team: someone else to give work to.
- **Grace** (``grace``), the union's data protection officer: staff, in the Education Team and the
  "Data protection" groups. She answers members' requests to erase their data or to see it.

Tests that need a real service (PostgreSQL, Redis, Chromium) ask for it through ``need``: outside CI a
missing service skips the test with a message saying how to enable it; with CI=true it fails.
"""

import os

import pytest
from django.conf import settings as django_settings

from nasuwt_send.env import env_bool

IN_CI = env_bool("CI", False)


# Django's backend, and the portal's (its health check without a round trip: nasuwt_send/postgresql).
POSTGRESQL_ENGINES = ("django.db.backends.postgresql", "nasuwt_send.postgresql")


def need(condition: bool, what: str, how: str) -> None:
    if condition:
        return
    message = f"{what} is not available: {how}"
    if IN_CI:
        pytest.fail(f"CI requires it. {message}", pytrace=False)
    pytest.skip(message)


def need_postgres() -> None:
    need(
        django_settings.DATABASES["default"]["ENGINE"] in POSTGRESQL_ENGINES,
        "PostgreSQL",
        "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres",
    )


def need_redis() -> None:
    need(bool(django_settings.REDIS_URL), "Redis", "set REDIS_URL=redis://127.0.0.1:6379/7")


def pytest_collection_modifyitems(items):
    """Browser tests run last.

    Playwright's sync API runs the rest of the session in its own greenlet, where Django hands out
    fresh connection objects that no longer carry the test database's serialized contents, so
    ``serialized_rollback`` cannot restore the migrations' data after a flush from then on.
    """
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


def load_reference_data() -> None:
    """Load again what migrations load (themes, authorities, SV/DBV list, consultation, groups).

    Transactional tests flush the database; use this where ``serialized_rollback`` cannot help.
    """
    from importlib import import_module

    from django.apps import apps

    from evidence.models import Theme
    from evidence.triage.access import make_staff_groups

    if not Theme.objects.exists():
        import_module("evidence.migrations.0002_reference_data").load(apps, None)
        import_module("consultation.migrations.0002_load_send_review_content").load_content(apps, None)
        import_module("evidence.migrations.0004_link_themes_to_questions").link(apps, None)
    make_staff_groups()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give each run its own PostgreSQL test database, so runs side by side never collide."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] in POSTGRESQL_ENGINES:
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


@pytest.fixture(autouse=True)
def _isolated_run(request, settings, tmp_path):
    """Every test starts with an empty cache, eager tasks, no rate limit, its own file area, and no
    pause left by an earlier test's broker failure.

    Tests of the real worker, the rate limit or the cache itself switch these back on explicitly.
    """
    from django.core.cache import cache, caches

    from evidence.analysis import queuing
    from evidence.mail import queue
    from nasuwt_send import redis_pause
    from nasuwt_send.celery import app

    # First: a pause left by an earlier test's Redis failure would make clear() a silent no-op.
    queue._broker_paused_until.clear()
    redis_pause._paused_until.clear()
    queuing._paused_until[0] = 0.0
    cache.clear()
    caches["ratelimit"].clear()
    # PBKDF2's million iterations cost a fifth of a second per password, and test passwords protect
    # nothing. Set here rather than in settings so the live server of the browser tests, which runs in
    # this process, checks passwords with the same hasher the factories used.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RATELIMIT_ENABLE = False
    settings.EVIDENCE_ATTACHMENT_ROOT = tmp_path / "attachments"
    eager = "integration" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


# --- The people -----------------------------------------------------------------------------------
# The staff groups are made by migrate (evidence.triage.access.make_staff_groups); after a flush,
# tests.factories.staff_group makes them again.


@pytest.fixture
def alice(db):
    """Alice Adams, of the Education Team (staff): she reads and triages members' evidence."""
    from evidence.triage.access import EDUCATION_TEAM
    from tests.factories import staff_member

    return staff_member("alice", group=EDUCATION_TEAM, first_name="Alice", last_name="Adams")


@pytest.fixture
def bob(db):
    """Bob Baker, a content editor (staff, in "Content editors"): the consultation, and no evidence."""
    from evidence.triage.access import CONTENT_EDITORS
    from tests.factories import staff_member

    return staff_member("bob", group=CONTENT_EDITORS, first_name="Bob", last_name="Baker")


@pytest.fixture
def charlie(db):
    """Charlie Clark, staff in no group: he can log in to the admin, and may see nothing there."""
    from tests.factories import staff_member

    return staff_member("charlie", group=None, first_name="Charlie", last_name="Clark")


@pytest.fixture
def dave(db):
    """Dave Davies, a superuser."""
    from tests.factories import UserFactory

    return UserFactory(
        username="dave", first_name="Dave", last_name="Davies", is_staff=True, is_superuser=True
    )


@pytest.fixture
def erin(db):
    """Erin Evans, a member of the union with an account on the site, not staff."""
    from tests.factories import UserFactory

    return UserFactory(username="erin", first_name="Erin", last_name="Evans")


@pytest.fixture
def frank(db):
    """Frank Fisher, Alice's colleague in the Education Team: someone else to give work to."""
    from evidence.triage.access import EDUCATION_TEAM
    from tests.factories import staff_member

    return staff_member("frank", group=EDUCATION_TEAM, first_name="Frank", last_name="Fisher")


@pytest.fixture
def grace(db):
    """Grace Green, data protection: in the Education Team and Data protection groups."""
    from evidence.triage.access import DATA_PROTECTION, EDUCATION_TEAM
    from tests.factories import staff_group, staff_member

    user = staff_member("grace", group=EDUCATION_TEAM, first_name="Grace", last_name="Green")
    user.groups.add(staff_group(DATA_PROTECTION))
    return user


# --- Services -------------------------------------------------------------------------------------


@pytest.fixture
def postgres():
    need_postgres()


@pytest.fixture
def redis_url():
    need_redis()
    return django_settings.REDIS_URL


@pytest.fixture
def silent_port():
    """A local port that accepts TCP connections and never answers: a hung Redis or broker."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port():
    """A local port nobody listens on: connections are refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Object storage (tests/object_store.py) ---------------------------------------------------------


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3 API server, one per test process; a test needing it fails in CI if it cannot start."""
    from tests.object_store import MotoServer

    server = MotoServer()
    try:
        server.start()
    except (TimeoutError, RuntimeError, OSError) as error:
        need(False, "moto_server (an S3 API)", f"pip install -r requirements-dev.txt ({error})")
    yield server
    server.stop()


@pytest.fixture
def s3_storage(settings, moto_server):
    """Members' files in a fresh private bucket, as EVIDENCE_STORAGE=s3 configures them; the bucket."""
    bucket = moto_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "evidence": bucket.storage_settings()}
    return bucket


@pytest.fixture(params=["local", "s3"])
def each_file_storage(request):
    """Runs a test once on the local folder and once on a bucket of moto's S3 server."""
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return request.param
