"""Two web nodes behind one address: each member's requests may reach either, so nothing of a journey
may live on one node's disk.

Two gunicorn processes under production settings, each with its own local folders (attachment root
and var dir), share PostgreSQL, Redis and one private bucket on a real S3 API server (moto's). A
member's requests alternate between them, with the attachment uploaded on node A and "Send evidence"
on node B; the Education Team then downloads the file from either node.
"""

import http.client
import shutil
import urllib.parse
from itertools import count

import pytest
from django.urls import reverse

from evidence.models import Attachment, Submission
from tests.conftest import need
from tests.files import tiny_file
from tests.integration.fault_fixtures import fault_stack, member_answers
from tests.integration.faults import WebApp, collected_var_dir
from tests.integration.member import Member, Response
from tests.integration.test_no_personal_data_canary import staff_session

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UPLOAD = "/evidence/send/attachments/"
SEND = "/evidence/send/check-your-answers/"


class AlternatingMember(Member):
    """A member behind a load balancer that sends each request to the other node, except that the
    upload goes to node A and "Send evidence" to node B, whatever their turn."""

    def __init__(self, node_a: str, node_b: str):
        super().__init__(node_a)
        self.ports = [urllib.parse.urlsplit(url).port for url in (node_a, node_b)]
        self.turns = count()
        self.served_by: list[tuple[str, str, str]] = []

    def _once(self, method: str, path: str, body: bytes | None, content_type: str) -> Response:
        node = next(self.turns) % 2
        if method == "POST" and path == UPLOAD:
            node = 0
        elif method == "POST" and path == SEND:
            node = 1
        self.port = self.ports[node]
        self.served_by.append((method, path, "AB"[node]))
        return super()._once(method, path, body, content_type)


def staff_download(base_url: str, path: str, *, session: str) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        connection.request("GET", path, headers={"Host": parts.netloc, "Cookie": f"sessionid={session}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def files_under(folder) -> list[str]:
    return sorted(str(path) for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.fixture
def two_nodes(request, test_database_url, moto_server, tmp_path):
    need(shutil.which("redis-server") is not None, "redis-server", "install the redis-server package")
    bucket = moto_server.new_bucket()
    var_dir_b = tmp_path / "node-b-var"
    shutil.copytree(collected_var_dir(), var_dir_b)
    with fault_stack(request, test_database_url, web_workers=2, **bucket.environment()) as stack:
        node_b = WebApp(
            stack.env(
                DATABASE_URL=stack.web_database_url,
                DJANGO_VAR_DIR=str(var_dir_b),
                EVIDENCE_ATTACHMENT_ROOT=str(tmp_path / "node-b-attachments"),
            ),
            tmp_path / "gunicorn-b.log",
            workers=2,
        )
        try:
            node_b.start()
            yield stack, node_b, bucket
        finally:
            node_b.stop()


def test_a_member_uploads_on_one_node_sends_on_the_other_and_staff_download_from_either(
    two_nodes, alice, settings, tmp_path
):
    stack, node_b, bucket = two_nodes
    member = AlternatingMember(stack.web.url, node_b.url)

    reference = member.send_evidence(member_answers(1), files=[("plan.pdf", tiny_file("pdf"))])

    assert ("POST", UPLOAD, "A") in member.served_by and ("POST", SEND, "B") in member.served_by
    assert {node for _, _, node in member.served_by} == {"A", "B"}
    submission = Submission.objects.get(reference=reference)
    attachment = Attachment.objects.get(submission=submission)
    assert bucket.keys() == [attachment.file.name], "the file is in the bucket; its pending copy is gone"
    assert bucket.head(attachment.file.name)["ServerSideEncryption"] == "AES256"
    assert files_under(tmp_path / "attachments") == [], "nothing on node A's disk"
    assert files_under(tmp_path / "node-b-attachments") == [], "nothing on node B's disk"

    session = staff_session(alice, settings)
    path = reverse("admin:evidence_submission_attachment", args=[submission.pk, attachment.pk])
    for node in (stack.web, node_b):
        assert staff_download(node.url, path, session=session) == (200, tiny_file("pdf")), node.url
