"""Save and come back later (evidence.views.save_return and the journey's "Save" button): a member saves
on any step, even with errors, gives an address and gets a link; opening it changes nothing, continuing
moves the form into this browser and ends it in any other; closed links say why."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from evidence.models import OutboundEmail, SavedForm, token_hash
from tests.emails import assert_email_contains, assert_email_lacks
from tests.files import tiny_file, upload
from tests.journeys import answer_evidence_steps, evidence_answers
from tests.save_return import save_from, token_of

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"
SAVE = "/evidence/send/save/"


def answered_up_to(client, last: str) -> dict[str, dict]:
    """Every step answered before ``last`` (not ``last`` itself; attachments come before contact
    details); the answers."""
    answers = evidence_answers()
    questions = [step for step in answers if step != "contact-details"]
    before = questions[: questions.index(last)] if last in questions else questions
    answer_evidence_steps(client, {step: answers[step] for step in before})
    if last == "contact-details":
        client.post(f"{SEND}attachments/", {"action": "continue"})
    return answers


def test_every_question_page_has_a_save_button(client):
    answered_up_to(client, "your-experience")

    for step in ("about-you", "themes", "workload", "sv-dbv", "your-experience"):
        page = client.get(f"{SEND}{step}/").content.decode()
        assert 'name="action" value="save"' in page and "Save and come back later" in page, step


def test_saving_with_errors_keeps_what_was_typed_and_asks_for_an_address(client):
    answered_up_to(client, "sv-dbv")
    typed = {"programme": "sv", "plan_stage": "", "details": "Half a thought"}

    response = client.post(f"{SEND}sv-dbv/", {**typed, "action": "save"})

    assert response["Location"] == f"{SAVE}?step=sv-dbv"
    page = client.get(response["Location"]).content.decode()
    assert "Save your form and come back later" in page
    assert client.get(f"{SEND}sv-dbv/").content.decode().count("Half a thought") == 1


def test_the_address_is_prefilled_from_the_last_save(client):
    answered_up_to(client, "themes")
    save_from(client, f"{SEND}themes/", {}, email="erin@example.org")

    page = client.get(f"{SAVE}?step=themes").content.decode()

    assert 'value="erin@example.org"' in page


def test_a_bad_address_gets_a_message_next_to_the_field_and_keeps_what_was_typed(client):
    answered_up_to(client, "themes")
    client.post(f"{SEND}themes/", {"action": "save"})

    response = client.post(f"{SAVE}?step=themes", {"email": "erin at school"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'href="#id_email"' in page and "govuk-error-message" in page
    assert 'value="erin at school"' in page
    assert not SavedForm.objects.exists() and not OutboundEmail.objects.exists()


def test_saving_keeps_a_hash_of_the_token_and_emails_the_link_without_any_answer(client):
    answers = answered_up_to(client, "your-experience")

    path = save_from(client, f"{SEND}your-experience/", {"experience": "Three days a week on paperwork."})

    saved = SavedForm.objects.get()
    token = token_of(path)
    assert saved.token_hash == token_hash(token) and token not in str(saved.state)
    assert saved.step == "your-experience" and saved.email == "erin@example.org"
    assert saved.expires_at - saved.created_at == timedelta(days=7)
    email = OutboundEmail.objects.get(kind="save")
    assert email.idempotency_key == f"save:{saved.pk}" and email.to == "erin@example.org"
    assert_email_contains(email, path, saved.expires_at.strftime("%-d %B %Y").lstrip("0"))
    assert_email_lacks(email, "Three days a week", answers["sv-dbv"]["details"], "Kent")


def test_opening_the_link_changes_nothing(client):
    answered_up_to(client, "your-experience")
    path = save_from(client, f"{SEND}your-experience/", {})
    before = list(SavedForm.objects.values())
    scanner = Client()

    response = scanner.get(path)

    assert response.status_code == 200 and "Continue your saved form" in response.content.decode()
    assert list(SavedForm.objects.values()) == before
    assert scanner.get(SEND + "your-experience/")["Location"] == SEND, "no journey in the scanner's session"


def test_continuing_reopens_every_answer_and_file_at_the_saved_step_and_ends_the_other_session(client):
    answers = answered_up_to(client, "attachments")
    client.post(
        f"{SEND}attachments/", {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "continue"}
    )
    path = save_from(client, f"{SEND}contact-details/", {"name": "Erin Ev"})
    elsewhere = Client()

    response = elsewhere.post(path)

    assert response["Location"] == f"{SEND}contact-details/"
    page = elsewhere.get(f"{SEND}contact-details/").content.decode()
    assert 'value="Erin Ev"' in page, "what was typed, unsaved, on the step saved from"
    assert "plan.pdf" in elsewhere.get(f"{SEND}attachments/").content.decode()
    assert answers["sv-dbv"]["details"] in elsewhere.get(f"{SEND}sv-dbv/").content.decode()
    assert SavedForm.objects.get().owner_session == elsewhere.session.session_key
    assert client.get(f"{SEND}about-you/")["Location"] == SEND, "the first browser's form has ended"


def test_saving_again_retires_the_old_link(client):
    answered_up_to(client, "themes")
    first = save_from(client, f"{SEND}themes/", {})
    second = save_from(client, f"{SEND}themes/", {})

    response = Client().get(first)

    assert response.status_code == 410
    assert "This link has been replaced" in response.content.decode()
    assert Client().get(second).status_code == 200
    assert list(SavedForm.objects.values_list("status", flat=True).order_by("pk")) == ["retired", "active"]


def test_an_expired_link_says_so(client):
    answered_up_to(client, "themes")
    path = save_from(client, f"{SEND}themes/", {})
    SavedForm.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    for response in (Client().get(path), Client().post(path)):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()


def test_an_unknown_link_says_it_has_expired():
    response = Client().get("/evidence/return/not-a-token/")

    assert response.status_code == 410 and "This link has expired" in response.content.decode()


def test_sending_the_evidence_marks_the_link_used(client):
    answered_up_to(client, "contact-details")
    path = save_from(client, f"{SEND}contact-details/", {})
    other = Client()
    other.post(path)
    answers = evidence_answers()
    other.post(f"{SEND}contact-details/", answers["contact-details"])

    assert other.post(f"{SEND}check-your-answers/")["Location"] == "/evidence/sent/"

    saved = SavedForm.objects.get()
    assert saved.status == "used" and saved.email == "" and saved.state == {}
    response = Client().get(path)
    assert "Your evidence has already been sent" in response.content.decode()


def test_an_erased_link_says_so(client):
    answered_up_to(client, "themes")
    path = save_from(client, f"{SEND}themes/", {})
    SavedForm.objects.update(status="erased", email="", state={})

    assert "This saved form has been erased" in Client().get(path).content.decode()


def test_the_confirmation_says_where_the_link_went_and_when_it_expires(client):
    answered_up_to(client, "themes")
    save_from(client, f"{SEND}themes/", {})

    page = client.get("/evidence/send/saved/").content.decode()

    saved = SavedForm.objects.get()
    assert "erin@example.org" in page and saved.expires_at.strftime("%Y") in page
    assert 'href="/evidence/send/themes/"' in page


def test_attachments_and_check_your_answers_can_be_saved_from(client):
    answered_up_to(client, "attachments")
    assert client.post(f"{SEND}attachments/", {"action": "save"})["Location"] == f"{SAVE}?step=attachments"
    answer_evidence_steps(client, {"contact-details": evidence_answers()["contact-details"]})

    page = client.get(f"{SEND}check-your-answers/").content.decode()

    assert f'href="{SAVE}?step=check-your-answers"' in page
