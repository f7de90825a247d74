"""Members' files reach the Education Team as downloads, never inline, and reach nobody else."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import SubmissionFactory, attach_file, staff_member

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def url(attachment, submission_id=None):
    return reverse(
        "admin:evidence_submission_attachment",
        args=[submission_id or attachment.submission_id, attachment.pk],
    )


@pytest.fixture
def attachment():
    return attach_file(SubmissionFactory(), "Banding letter.pdf", PDF)


def test_the_education_team_downloads_the_file_as_an_attachment(client, attachment):
    client.force_login(staff_member("alice"))
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Banding letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_hostile_file_name_cannot_break_the_header(client):
    attachment = attach_file(SubmissionFactory(), 'a"; filename=evil.html\r\nX-Bad: 1.pdf', PDF)
    client.force_login(staff_member("alice"))
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert "X-Bad" not in response.headers
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_odd_stored_content_type_is_sent_as_plain_bytes(client):
    attachment = attach_file(SubmissionFactory(), "page.html", b"<html>", content_type="text/html; x=<y>")
    client.force_login(staff_member("alice"))
    assert client.get(url(attachment))["Content-Type"] == "application/octet-stream"


def test_it_refuses_everyone_outside_the_team(client, attachment):
    charlie = staff_member("charlie", group=None)
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "view_attachment"])
    )
    for user in (charlie, staff_member("carol", group="Content editors")):
        client.force_login(user)
        assert client.get(url(attachment)).status_code == 403
    client.logout()
    response = client.get(url(attachment))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_the_file_must_belong_to_the_submission_in_the_address(client, attachment):
    other = SubmissionFactory()
    client.force_login(staff_member("alice"))
    assert client.get(url(attachment, submission_id=other.pk)).status_code == 404


def test_a_missing_file_is_not_found(client, attachment):
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(staff_member("alice"))
    assert client.get(url(attachment)).status_code == 404
