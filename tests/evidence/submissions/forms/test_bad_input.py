"""Bad input and abuse: clear errors or the site's 400 page, never a 500, nothing saved half-way."""

import pytest
from django.test import Client

from evidence.models import Submission
from tests.journeys import answer_steps_before_contact

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"


@pytest.fixture
def answers(client):
    """A member who has answered every step up to (not including) contact details."""
    answers = answer_steps_before_contact(client)
    client.post(f"{SEND}attachments/", {"action": "continue"})
    return answers


def saved(client, step: str):
    return client.session["evidence_journey"]["answers"].get(step)


@pytest.mark.parametrize(
    ("step", "field", "message"),
    [
        ("your-experience", "experience", "Your experience contains a hidden character we cannot store."),
        ("contact-details", "name", "Your name contains a hidden character we cannot store."),
        (
            "contact-details",
            "membership_number",
            "Membership number contains a hidden character we cannot store.",
        ),
        ("workload", "details", "Your details contains a hidden character we cannot store."),
    ],
)
def test_a_null_character_in_text_is_a_clear_error_not_a_500(client, answers, step, field, message):
    before = saved(client, step)

    response = client.post(f"{SEND}{step}/", (answers.get(step) or {}) | {field: "bad\x00text"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert saved(client, step) == before


def test_a_null_character_in_the_role_is_a_clear_error(client, answers):
    response = client.post(
        f"{SEND}about-you/", answers["about-you"] | {"role": "other", "role_other": "\x00"}
    )

    assert "Your role contains a hidden character" in response.content.decode()


def test_a_null_character_in_a_choice_is_refused(client, answers):
    response = client.post(f"{SEND}about-you/", answers["about-you"] | {"phase": "primary\x00"})

    assert response.status_code == 200
    assert "Select the phase you work in" in response.content.decode()


def test_an_invalid_email_address_is_refused(client, answers):
    response = client.post(f"{SEND}contact-details/", {"email": "erin at example"})

    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com" in response.content.decode()


def test_text_over_the_limit_is_refused_not_cut(client, answers):
    response = client.post(f"{SEND}your-experience/", {"experience": "x" * 10_001})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your experience must be 10,000 characters or fewer" in page
    assert "x" * 10_001 in page, "what they typed is shown back to them"


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("name", 201, "Your name must be 200 characters or fewer"),
        ("membership_number", 31, "Membership number must be 30 characters or fewer"),
    ],
)
def test_contact_details_have_limits(client, answers, field, length, message):
    response = client.post(f"{SEND}contact-details/", {field: "x" * length})

    assert message in response.content.decode()


def test_five_thousand_extra_fields_get_the_sites_400_page(client, answers):
    data = answers["about-you"] | {f"extra{n}": "x" for n in range(5000)}

    response = client.post(f"{SEND}about-you/", data)

    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=", b"--\r\n"),
        ("multipart/form-data; boundary=\x00bad", b"--\x00bad\r\n"),
    ],
    ids=["no-boundary", "empty-boundary", "nul-boundary"],
)
def test_a_malformed_multipart_body_gets_the_sites_400_page(client, answers, content_type, body):
    response = client.generic("POST", f"{SEND}attachments/", body, content_type=content_type)

    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()


def test_a_malformed_multipart_body_is_a_400_even_with_csrf_checks():
    client = Client(enforce_csrf_checks=True)
    client.get(SEND, follow=True)
    assert "csrftoken" in client.cookies

    response = client.generic("POST", f"{SEND}attachments/", b"x", content_type="multipart/form-data")

    assert response.status_code == 400


def test_a_truncated_multipart_upload_saves_no_file(client, answers):
    body = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="files"; filename="plan.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4 trunc"
    )

    response = client.generic(
        "POST", f"{SEND}attachments/", body, content_type="multipart/form-data; boundary=BOUNDARY"
    )

    assert response.status_code in (200, 302, 400)
    assert client.session["evidence_journey"]["uploads"] == []


def test_nothing_is_saved_until_the_member_sends(client, answers):
    client.post(f"{SEND}contact-details/", answers["contact-details"])

    assert not Submission.objects.exists()
