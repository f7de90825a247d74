"""Django's PostgreSQL backend, with a health check that asks the server only when it has spoken.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection at the start of every request by
running ``SELECT 1``: a round trip and a statement for every page, about a twentieth of a journey
request's CPU in the bench (issue 16). A connection the server has ended (a restart, an idle timeout,
``pg_terminate_backend``) is left readable: the server's last message and then end-of-file are
waiting on its socket. An idle connection in autocommit has nothing else to read. So the check here
polls the socket without waiting, and only when something is there runs Django's own check, which
then fails and the connection is replaced before the request uses it, as before.

A server that vanished without a word (a cable pulled) is not seen by either check until the
statement times out; ``SELECT 1`` would wait on it as long.
"""

import select

from django.db.backends.postgresql import base


def has_something_to_read(fileno: int) -> bool:
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        try:
            readable = has_something_to_read(self.connection.fileno())
        except (OSError, ValueError):
            return False
        return super().is_usable() if readable else True
