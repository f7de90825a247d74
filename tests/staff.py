"""Signing staff in, one way for every test and benchmark.

``sign_in(client, person)`` is ``force_login`` today; once staff sign in with a second factor it also
marks the session as verified, so every test that opens an admin page goes through this one helper.
Members (Erin) are signed in with ``force_login`` directly: they have no second factor.
"""

from typing import Any


def sign_in(client: Any, person: Any) -> Any:
    client.force_login(person)
    return client
