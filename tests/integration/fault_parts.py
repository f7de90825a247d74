"""The parts of a fault stack that a test breaks: a hung listener, a Redis slot, a mail server that
keeps its messages across restarts, and the relay ticker standing in for beat."""

import contextlib
import email
import email.policy
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

from aiosmtpd.controller import Controller

from tests.integration.harness import free_port
from tests.integration.redis_servers import RedisServer
from tests.integration.smtp_sink import ReceivedMessage


class SilentListener:
    """Accepts TCP connections on ``port`` and never answers: a hung Redis where the app expects one."""

    def __init__(self, port: int):
        self.port = port
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(128)
        self._server.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            self._held.append(conn)

    def close(self) -> None:
        """Stop listening and drop every held connection (its clients see the connection close)."""
        self._stop.set()
        self._thread.join(timeout=2)
        self._server.close()
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()


class RedisSlot:
    """One Redis port the whole stack uses; what answers on it can be stopped, hung and restored."""

    def __init__(self):
        self.port = free_port()
        self.server: RedisServer | None = None
        self.listener: SilentListener | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "RedisSlot":
        """A fresh, empty redis-server (no persistence: whatever was queued in it before is gone)."""
        self.server = RedisServer(port=self.port).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def hang(self) -> None:
        """Swap the server for a listener that accepts connections and never answers."""
        self.stop()
        self.listener = SilentListener(self.port)

    def unhang(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        self.start()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        self.stop()


class _MailHandler:
    def __init__(self, server: "MailServer"):
        self.server = server

    async def handle_DATA(self, server, session, envelope) -> str:
        self.server.receive(envelope)
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server (aiosmtpd) that keeps every message it accepts, across stops and restarts.

    ``stop()`` closes the port, so senders get "connection refused"; ``start()`` listens on the same
    port again. ``on_accept`` runs (in the server's thread) after a message is stored and before the
    sender hears "250": a worker killed there has had its message accepted but cannot mark it sent.
    """

    def __init__(self):
        self.port = free_port()
        self.messages: list[ReceivedMessage] = []
        self.on_accept: Callable[[ReceivedMessage], None] | None = None
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "MailServer":
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        # A stopped controller's event loop is closed: every start needs a new one.
        self._controller = Controller(_MailHandler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def receive(self, envelope) -> None:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        received = ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message, time.monotonic())
        with self._lock:
            self.messages.append(received)
        if self.on_accept is not None:
            self.on_accept(received)

    def received(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self.messages)

    def count_by_message_id(self) -> Counter:
        return Counter(received.message_id for received in self.received())


class RelayTicker:
    """Queues the relay task every ``interval`` seconds, as beat would every minute in production.

    Publishing goes through this process's Celery app, so point it at the stack's Redis first
    (``harness.celery_broker``). A failed publish (Redis down) is simply tried again next tick.
    """

    def __init__(self, interval: float = 1.0):
        self.interval = interval
        self.ticks = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "RelayTicker":
        self._thread.start()
        return self

    def _run(self) -> None:
        from evidence.tasks import relay_outbox

        while not self._stop.wait(self.interval):
            with contextlib.suppress(Exception):
                relay_outbox.apply_async(retry=False)
                self.ticks += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
