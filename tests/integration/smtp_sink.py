"""An SMTP server beside the tests (aiosmtpd) that records what it accepts: the acknowledgement tests' inbox."""

import email
import email.policy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.integration.harness import free_port, wait_until


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    received_at: float  # time.monotonic() in this process

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        return ""


@dataclass
class _Handler:
    sink: "SmtpSink"

    async def handle_DATA(self, server, session, envelope) -> str:
        return self.sink._receive(envelope)


@dataclass
class SmtpSink:
    """An in-process SMTP server (aiosmtpd) that records every message it accepts.

    ``refuse(n)`` makes it answer the next ``n`` messages with a temporary failure, for retry tests.
    """

    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    messages: list[ReceivedMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._refusals = 0
        self._refusal_reply = ""
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def refuse(self, count: int, reply: str = "451 4.3.0 Please try again later") -> None:
        with self._lock:
            self._refusals, self._refusal_reply = count, reply

    def _receive(self, envelope) -> str:
        with self._lock:
            if self._refusals:
                self._refusals -= 1
                return self._refusal_reply
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(
                ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message, time.monotonic())
            )
        return "250 Message accepted for delivery"

    def matching(self, predicate: Callable[[ReceivedMessage], bool]) -> list[ReceivedMessage]:
        with self._lock:
            return [received for received in self.messages if predicate(received)]

    def wait_for(
        self, predicate: Callable[[ReceivedMessage], bool], *, count: int = 1, timeout: float = 30
    ) -> list[ReceivedMessage]:
        """The messages matching ``predicate`` once there are at least ``count`` of them."""
        return wait_until(
            lambda: (found := self.matching(predicate)) and len(found) >= count and found,
            timeout=timeout,
            interval=0.01,
            what=f"{count} matching message(s) at {self.url}",
        )
