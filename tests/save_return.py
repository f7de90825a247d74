"""Save and come back later in tests: save from a step through the test client and read the link back
from the outbox row (before it is sent, while its body is still there)."""

import re

from evidence.models import OutboundEmail

_LINK = re.compile(r"https?://\S+/evidence/return/([A-Za-z0-9_-]+)/")


def save_from(client, step_url: str, data: dict, email: str = "erin@example.org") -> str:
    """Press "Save and come back later" on ``step_url`` with ``data``, give ``email``; the link's path."""
    response = client.post(step_url, {**data, "action": "save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(response["Location"], {"email": email})
    assert response.status_code == 302, response.content.decode()[:2000]
    return link_path(OutboundEmail.objects.filter(kind="save").order_by("-id").first())


def link_path(email: OutboundEmail) -> str:
    match = _LINK.search(email.text_body)
    assert match, "the email holds the link"
    return f"/evidence/return/{match.group(1)}/"


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]
