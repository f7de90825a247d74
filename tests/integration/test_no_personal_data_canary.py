"""Canaries: a member's name, email, membership number and words go where they belong and nowhere else.

A member sends evidence through the real web form (gunicorn with production settings, a real Celery
worker, its own Redis and SMTP server: tests/integration/faults.py), with four values made up for this
run and found nowhere else: a name, an email address, a membership number and a phrase in their words
and in the file they attach. Then the weekly digest is built and sent, Alice of the Education Team
searches the admin for the member's name (the name in the query string and then in the Referer), and
every public page is requested. Afterwards none of the four may appear in:

- gunicorn's access log, and its error log (which also holds the web app's own log lines);
- the worker's log;
- the broker's messages: every command Redis received during the run (MONITOR), Celery's
  base64-encoded message bodies decoded, and every key and value left in every Redis database;
- the cache: the same Redis (the stack's REDIS_URL serves both, as production does without
  CACHE_URL), so the same transcript and dump, with its keys (``nasuwt-send:``) counted apart to show
  the public pages were cached;
- the digest: its outbox row and the message the Education Team receives;
- the body of any public page (every page linked from the home page, followed to the end).

Where personal data legitimately goes, and is not checked: the database (the submission, the session
of the form journey, the acknowledgement's outbox row), the attached file on disk, and the
acknowledgement email. That email goes to the member's own address, so the address is in its envelope
and its To header, and nowhere else: not in its subject, body or other headers. Their name, membership
number and words are nowhere in it (docs/decisions/0031-personal-data-in-the-acknowledgement.md).

The logs run at LOG_LEVEL=DEBUG, stricter than production's INFO. Needs PostgreSQL and redis-server.
"""

import base64
import binascii
import html
import http.client
import re
import secrets
import shutil
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass

import pytest
import redis
from django.test import Client

from evidence.models import Attachment, OutboundEmail, Submission
from evidence.tasks import send_weekly_digest
from evidence.weeks import IsoWeek
from tests.conftest import need
from tests.integration import faults
from tests.integration.fault_fixtures import fault_stack
from tests.integration.faults import FaultStack
from tests.integration.harness import wait_until
from tests.integration.member import Member
from tests.integration.redis_servers import RedisMonitor
from tests.integration.smtp_sink import ReceivedMessage
from tests.staff import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CACHE_PREFIX = "nasuwt-send:"
MAX_PAGES = 200
LINK = re.compile(r'href="(/[^"#]*)"')
# A run of base64 long enough to hold a canary: Celery's message bodies are base64-encoded JSON.
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{16,}={0,2}")


@dataclass(frozen=True)
class Canaries:
    """Four values made up for this run: if one turns up somewhere, this run put it there."""

    name: str
    email: str
    membership_number: str
    phrase: str

    @classmethod
    def made_up(cls) -> "Canaries":
        token = {part: secrets.token_hex(5) for part in ("name", "email", "number", "phrase")}
        return cls(
            name=f"Ottoline Canary{token['name']}",
            email=f"canary.{token['email']}@example.org",
            membership_number=f"NAS{token['number']}",
            phrase=f"canaryphrase{token['phrase']}",
        )

    def needles(self) -> dict[str, str]:
        """What to look for: the unique part of each value, in lower case.

        The name's surname and the address's local part, because a space or an ``@`` may be encoded
        on the way (``+``, ``%40``); the whole value is found through them either way.
        """
        return {
            "name": self.name.split()[-1].lower(),
            "email": self.email.split("@")[0].lower(),
            "membership number": self.membership_number.lower(),
            "phrase": self.phrase.lower(),
        }

    def answers(self) -> dict[str, dict]:
        return {
            "about-you": {"role": "senco", "phase": "primary", "setting": "maintained"},
            "themes": {"themes": ["workload", "general"]},
            "workload": {"causes": ["cause_ehcp_processes"], "details": f"EHCP forms: {self.phrase}."},
            "general": {"details": "Tribunal waits are over a year."},
            "your-experience": {"experience": f"Our SENCO spends three days a week on {self.phrase}."},
            "contact-details": {
                "name": self.name,
                "email": self.email,
                "membership_number": self.membership_number,
                "consent_to_contact": "on",
                "consent_to_quote": "on",
            },
        }

    def attachment(self) -> tuple[str, bytes]:
        surname = self.name.split()[-1]
        return f"{surname} letter.txt", f"A letter about {self.phrase}, from {self.name}.\n".encode()


def readable_forms(blob: bytes) -> list[bytes]:
    """The blob, URL-decoded, and each base64 run in it decoded: lower case, for searching."""
    forms = [blob, urllib.parse.unquote_plus(blob.decode("utf-8", "replace")).encode()]
    for run in BASE64_RUN.findall(blob):
        try:
            forms.append(base64.b64decode(run + b"=" * (-len(run) % 4)))
        except (binascii.Error, ValueError):
            continue
    return [form.lower() for form in forms]


def canaries_in(blob: str | bytes, canaries: Canaries) -> list[str]:
    """Which canaries ``blob`` holds, in any of its readable forms."""
    data = blob.encode() if isinstance(blob, str) else blob
    forms = readable_forms(data)
    return [label for label, needle in canaries.needles().items() if any(needle.encode() in f for f in forms)]


def leaks(places: dict[str, str | bytes], canaries: Canaries) -> dict[str, list[str]]:
    return {place: found for place, blob in places.items() if (found := canaries_in(blob, canaries))}


def redis_contents(port: int) -> dict[str, bytes]:
    """Every key and value in every database of the stack's Redis, one entry per key."""
    first = redis.Redis(port=port)
    databases = int(first.config_get("databases")["databases"])
    contents: dict[str, bytes] = {}
    for db in range(databases):
        client = redis.Redis(port=port, db=db)
        for key in client.scan_iter(count=1000):
            kind = client.type(key).decode()
            if kind == "string":
                values = [client.get(key) or b""]
            elif kind == "list":
                values = client.lrange(key, 0, -1)
            elif kind == "hash":
                values = [part for pair in client.hgetall(key).items() for part in pair]
            elif kind == "set":
                values = list(client.smembers(key))
            elif kind == "zset":
                values = list(client.zrange(key, 0, -1))
            else:
                values = [f"<{kind}>".encode()]
            contents[f"redis db {db} key {key!r}"] = key + b"\n" + b"\n".join(values)
    return contents


def message_text(received: ReceivedMessage, *, leave_out: tuple[str, ...] = ()) -> str:
    """Every header (but ``leave_out``) and every text part of a received email."""
    headers = [f"{name}: {value}" for name, value in received.message.items() if name not in leave_out]
    parts = [received.part("text/plain"), received.part("text/html")]
    return "\n".join([received.mail_from, *headers, *parts])


def public_pages(base_url: str) -> dict[str, str]:
    """Every page reachable by links from the home page, as an anonymous visitor sees it."""
    visitor = Member(base_url)
    pages: dict[str, str] = {}
    queue = deque(["/"])
    seen = {"/"}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = visitor.follow(visitor.get(path))
        assert response.status == 200, f"{path} answered {response.status}"
        pages[path] = response.body
        for link in LINK.findall(response.body):
            target = html.unescape(link)
            if target.startswith(("/admin/", "/static/")) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return pages


def staff_session(person, settings) -> str:
    """A signed-in session for ``person`` that the stack's gunicorn accepts: its session cookie value."""
    settings.SECRET_KEY = faults.SECRET_KEY  # the stack's: sessions are signed with it
    client = Client()
    sign_in(client, person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def staff_get(base_url: str, path: str, *, session: str, referer: str = "") -> str:
    """A staff member's browser asking for an admin page; its body."""
    parts = urllib.parse.urlsplit(base_url)
    headers = {"Host": parts.netloc, "Cookie": f"sessionid={session}"}
    if referer:
        headers["Referer"] = f"{base_url}{referer}"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    assert response.status == 200, f"{path} answered {response.status}"
    return body


@pytest.fixture
def canary_stack(request, test_database_url):
    need(shutil.which("redis-server") is not None, "redis-server", "install the redis-server package")
    with fault_stack(request, test_database_url, LOG_LEVEL="DEBUG") as stack:
        yield stack


def test_a_members_name_email_number_and_words_stay_out_of_logs_broker_cache_digest_and_pages(
    canary_stack: FaultStack, alice, settings
):
    started = time.monotonic()
    stack = canary_stack
    canaries = Canaries.made_up()
    week = IsoWeek.current()

    with RedisMonitor(stack.redis.port) as monitor:
        # The member, through the real form, with a file.
        reference = Member(stack.web.url).send_evidence(canaries.answers(), files=[canaries.attachment()])
        [acknowledgement] = wait_until(
            lambda: [m for m in stack.mail.received() if m.rcpt_tos == [canaries.email]],
            timeout=30,
            what="the acknowledgement",
        )
        # The Education Team's weekly digest, built and sent by the worker.
        send_weekly_digest.delay(week=str(week))
        [digest_message] = wait_until(
            lambda: [m for m in stack.mail.received() if m.message_id.startswith(f"<digest.{week}@")],
            timeout=30,
            what="the digest",
        )
        # Alice, of the Education Team, searches for the member by name and opens what she finds: the
        # name travels in the query string, then in the Referer of the next page.
        session = staff_session(alice, settings)
        search = f"/admin/evidence/submission/?q={urllib.parse.quote_plus(canaries.name)}"
        assert reference in staff_get(stack.web.url, search, session=session), "the search found it"
        submission_page = (
            f"/admin/evidence/submission/{Submission.objects.get(reference=reference).pk}/change/"
        )
        assert canaries.email in staff_get(stack.web.url, submission_page, session=session, referer=search)
        # Every public page, twice: the second visit is served from the cache.
        pages = public_pages(stack.web.url)
        cached_pages = public_pages(stack.web.url)
        time.sleep(0.5)  # the worker's last log lines and Redis's last commands
    transcript = monitor.transcript()
    stored = redis_contents(stack.redis.port)

    # The canaries really went through the stack...
    submission = Submission.objects.get(reference=reference)
    assert (submission.name, submission.email, submission.membership_number) == (
        canaries.name,
        canaries.email,
        canaries.membership_number,
    )
    assert canaries.phrase in submission.experience
    attachment = Attachment.objects.get(submission=submission)
    assert attachment.original_name == canaries.attachment()[0]
    assert canaries.phrase.encode() in attachment.file.read()
    # ...and each place checked below saw this run's traffic.
    assert "POST /evidence/send/contact-details/" in stack.web.access_log
    assert "/admin/evidence/submission/" in stack.web.access_log
    assert "evidence.tasks.send_outbound_email" in stack.worker.log
    assert b"send_outbound_email" in transcript and b"send_weekly_digest" in transcript
    assert any(CACHE_PREFIX in label for label in stored), "public pages were cached"
    assert {"/privacy/", "/evidence/", "/response/questions/21/", "/evidence/themes/sv-dbv/"} <= set(pages)
    digest_row = OutboundEmail.objects.get(idempotency_key=f"digest:{week}")
    assert reference in digest_row.text_body, "the digest covers this submission"

    # The acknowledgement goes to the member's own address: there, and only there, the address is.
    assert acknowledgement.rcpt_tos == [canaries.email]
    assert str(acknowledgement.message["To"]) == canaries.email
    assert reference in acknowledgement.subject

    places: dict[str, str | bytes] = {
        "gunicorn access log": stack.web.access_log,
        "gunicorn error log and the web app's log": stack.web.log,
        **{f"worker {n} log": worker.log for n, worker in enumerate(stack.workers)},
        "every command Redis received (broker and cache)": transcript,
        **stored,
        "the digest's outbox row": "\n".join(
            [digest_row.to, digest_row.subject, digest_row.text_body, digest_row.html_body]
        ),
        "the digest as received": message_text(digest_message),
        "the acknowledgement, but for its envelope and To header": message_text(
            acknowledgement, leave_out=("To",)
        ),
        **{f"public page {path}": body for path, body in pages.items()},
        **{f"public page {path}, from the cache": body for path, body in cached_pages.items()},
    }
    found = leaks(places, canaries)
    assert found == {}, f"Personal data where it does not belong: {found}"
    print(
        f"\ncanary: {len(places)} places checked ({len(pages)} public pages, {len(stored)} Redis keys, "
        f"{len(transcript) // 1024} KB of Redis commands), nothing found; {time.monotonic() - started:.0f} s"
    )
