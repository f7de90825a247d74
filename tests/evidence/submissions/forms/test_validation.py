"""Each question page refuses what it must, in the error summary and beside the field."""

import re

import pytest

from evidence.models import Submission
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"


def errors_on(response) -> dict[str, list[str]]:
    """The error summary's links: anchor -> messages."""
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    found: dict[str, list[str]] = {}
    for anchor, message in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary):
        found.setdefault(anchor, []).append(message)
    return found


def reach(client, step: str) -> dict:
    """Answers every step before ``step``; returns all the answers."""
    answers = evidence_answers()
    steps = list(answers)
    before = {k: answers[k] for k in steps[: steps.index(step)]} if step in steps else answers
    answer_evidence_steps(client, before)
    return answers


def test_about_you_lists_every_missing_answer_and_links_to_each_field(client):
    reach(client, "about-you")

    response = client.post(f"{SEND}about-you/", {})

    assert response.status_code == 200
    assert errors_on(response) == {
        "id_role_1": ["Select your role"],
        "id_phase_1": ["Select the phase you work in"],
        "id_setting_1": ["Select the type of setting you work in"],
        "id_local_authority": ["Select your local authority, or “Prefer not to say”"],
    }
    page = response.content.decode()
    assert "<title>Error: About you – NASUWT SEND evidence portal</title>" in page
    assert '<span class="govuk-visually-hidden">Error:</span> Select your role' in page


def test_other_role_needs_the_role_typed_in(client):
    answers = reach(client, "about-you")

    response = client.post(f"{SEND}about-you/", answers["about-you"] | {"role": "other"})

    assert errors_on(response) == {"id_role_other": ["Enter your role"]}
    assert 'data-aria-controls="id_role_8-reveal"' in response.content.decode()


def test_the_other_role_is_kept_only_with_other(client):
    answers = evidence_answers()
    answers["about-you"] |= {"role": "other", "role_other": "Speech and language therapist"}
    answer_evidence_steps(client, answers)
    client.post(f"{SEND}check-your-answers/")

    assert Submission.objects.get().role_other == "Speech and language therapist"


def test_an_authority_that_is_not_on_the_list_is_refused(client):
    answers = reach(client, "about-you")

    response = client.post(f"{SEND}about-you/", answers["about-you"] | {"local_authority": "999999"})

    assert "id_local_authority" in errors_on(response)


def test_at_least_one_theme_is_needed(client):
    reach(client, "themes")

    response = client.post(f"{SEND}themes/", {})

    assert errors_on(response) == {"id_themes_1": ["Select at least one theme"]}


def test_each_theme_checkbox_has_its_summary_as_a_hint(client):
    reach(client, "themes")

    page = client.get(f"{SEND}themes/").content.decode()

    assert "How your local authority bands SEND provision" in page
    assert 'aria-describedby="id_themes_1_hint"' in page


def test_a_published_plan_needs_its_link(client):
    answers = reach(client, "sv-dbv")

    response = client.post(f"{SEND}sv-dbv/", answers["sv-dbv"] | {"plan_url": ""})

    assert errors_on(response) == {"id_plan_url": ["Enter the link to the published plan"]}
    page = response.content.decode()
    assert 'class="govuk-radios__conditional" id="id_plan_published_1-reveal"' in page, "shown, not hidden"


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/plan.pdf", "not a link"])
def test_the_plan_link_must_be_a_web_address(client, link):
    answers = reach(client, "sv-dbv")

    response = client.post(f"{SEND}sv-dbv/", answers["sv-dbv"] | {"plan_url": link})

    assert errors_on(response) == {"id_plan_url": ["Enter a link that starts with https:// or http://"]}


def test_a_link_given_with_an_unpublished_plan_is_dropped(client):
    answers = evidence_answers()
    answers["sv-dbv"] |= {"plan_published": "no", "plan_url": "javascript:alert(1)"}
    answer_evidence_steps(client, answers)
    client.post(f"{SEND}check-your-answers/")

    assert Submission.objects.get().sv_dbv.plan_url == ""


def test_the_sv_dbv_page_needs_its_radio_answers(client):
    reach(client, "sv-dbv")

    response = client.post(f"{SEND}sv-dbv/", {})

    assert list(errors_on(response)) == [
        "id_programme_1",
        "id_plan_stage_1",
        "id_plan_published_1",
        "id_schools_consulted_1",
    ]


def test_the_experience_is_needed_and_shows_its_character_limit(client):
    reach(client, "your-experience")

    response = client.post(f"{SEND}your-experience/", {"experience": "   "})

    assert errors_on(response) == {"id_experience": ["Tell us about your experience"]}
    page = response.content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page
    assert "You can enter up to 10,000 characters" in page
    assert not re.search(r"\smaxlength=", page), "the browser must not cut text off"


def test_experience_of_exactly_the_limit_is_accepted(client, settings):
    reach(client, "your-experience")

    response = client.post(f"{SEND}your-experience/", {"experience": "x" * settings.EVIDENCE_TEXT_MAX_CHARS})

    assert response.status_code == 302


def test_consent_to_contact_needs_an_email_address(client):
    reach(client, "contact-details")
    client.post(f"{SEND}attachments/", {"action": "continue"})

    response = client.post(f"{SEND}contact-details/", {"consent_to_contact": "on"})

    assert errors_on(response) == {
        "id_email": ["Enter your email address so we can contact you, or untick “may contact me”"]
    }


def test_contact_details_are_all_optional(client):
    reach(client, "contact-details")
    client.post(f"{SEND}attachments/", {"action": "continue"})

    response = client.post(f"{SEND}contact-details/", {})

    assert response["Location"] == f"{SEND}check-your-answers/"


def test_the_two_consents_are_separate_checkboxes_and_each_field_says_why_we_ask(client):
    reach(client, "contact-details")
    client.post(f"{SEND}attachments/", {"action": "continue"})

    page = client.get(f"{SEND}contact-details/").content.decode()

    assert page.count('type="checkbox"') == 2
    assert 'name="consent_to_contact"' in page and 'name="consent_to_quote"' in page
    assert "So we know who to ask for" in page
    assert "We will email you your reference" in page
    assert "So we can follow up with you as a member" in page
    assert 'href="/privacy/"' in page


def test_about_you_links_the_privacy_notice(client):
    reach(client, "about-you")

    assert 'href="/privacy/"' in client.get(f"{SEND}about-you/").content.decode()
