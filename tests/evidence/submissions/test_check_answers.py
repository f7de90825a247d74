"""Check your answers (evidence.submissions.check_answers): every step checked again, read back, and
made into the draft that is sent, or the first step to send the member back to.
"""

from dataclasses import FrozenInstanceError

import pytest

from evidence.submissions.check_answers import check_journey
from evidence.submissions.draft import AboutYou, ContactDetails, SubmissionDraft
from evidence.submissions.journey import Journey
from tests.factories import local_authority
from tests.files import tiny_file, upload
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"
CHECK = "/evidence/send/check-your-answers/"


def test_check_your_answers_reads_back_every_answer_with_change_links(client):
    answer_evidence_steps(client, evidence_answers())

    page = client.get(CHECK).content.decode()

    for text in [
        "SENCO",
        "Kent",
        "Workload",
        "EHCP processes",
        "Safety Valve",
        "Agreed",
        "https://www.gov.uk/government/publications/example-plan",
        "Outreach was cut.",
        "Our SENCO spends three days a week",
        "erin@example.org",
        "No files attached",
    ]:
        assert text in page, text
    assert f'href="{SEND}about-you/?change=1#id_role_1"' in page
    assert f'href="{SEND}sv-dbv/?change=1#id_programme_1"' in page
    assert f'href="{SEND}attachments/?change=1"' in page


# --- check_journey, on the journey the session holds ----------------------------------------------


def journey_of(client) -> Journey:
    return Journey.resume(client.session)


def test_a_missing_step_is_the_first_problem_and_gives_no_draft(client):
    answers = evidence_answers()
    answer_evidence_steps(client, {step: answers[step] for step in ("about-you", "themes")})

    checked = check_journey(journey_of(client))

    assert checked.first_problem == "workload"
    assert checked.draft is None
    assert checked.sections == []


def test_a_theme_chosen_since_is_the_first_problem(client):
    answer_evidence_steps(client, evidence_answers())
    journey = journey_of(client)
    journey.save("themes", {"themes": ["workload", "training", "sv-dbv"]})

    assert check_journey(journey).first_problem == "training"


def test_a_saved_answer_no_longer_valid_is_checked_again_and_is_the_first_problem(client):
    answer_evidence_steps(client, evidence_answers())
    journey = journey_of(client)
    # As if the authority had gone from the list since the member chose it.
    journey.state["answers"]["about-you"]["local_authority"] = ["999999"]

    checked = check_journey(journey)

    assert (checked.first_problem, checked.draft) == ("about-you", None)


def test_a_complete_journey_gives_a_frozen_draft_of_every_part(client):
    answer_evidence_steps(client, evidence_answers())
    journey = journey_of(client)
    kent = local_authority("Kent")

    draft = check_journey(journey).draft

    assert isinstance(draft, SubmissionDraft)
    assert draft.journey_key == journey.key
    assert draft.about == AboutYou(
        role="senco", phase="primary", setting="maintained", local_authority_id=kent.pk
    )
    assert draft.theme_slugs == ("workload", "sv-dbv")
    assert set(draft.answers) == {"workload", "sv-dbv"}
    assert draft.answers["workload"]["details"] == "EHCP forms."
    assert draft.answers["workload"]["cause_ehcp_processes"] is True
    assert draft.answers["workload"]["cause_specialist_service_cuts"] is False
    assert (draft.answers["sv-dbv"]["programme"], draft.answers["sv-dbv"]["local_authority_id"]) == (
        "sv",
        kent.pk,
    )
    assert draft.experience == "Our SENCO spends three days a week on EHCP paperwork."
    assert draft.contact == ContactDetails(
        name="Erin Evans", email="erin@example.org", membership_number="NAS12345", consent_to_contact=True
    )
    assert draft.uploads == ()
    with pytest.raises(FrozenInstanceError):
        draft.experience = "Changed after checking."


def test_a_checked_draft_cannot_be_changed_in_its_answers(client):
    answer_evidence_steps(client, evidence_answers())
    draft = check_journey(journey_of(client)).draft

    with pytest.raises(TypeError):
        draft.answers["workload"]["details"] = "Changed after checking."
    with pytest.raises(TypeError):
        draft.answers["general"] = {}


def test_the_draft_carries_the_files_waiting_in_the_pending_area(client):
    answer_evidence_steps(client, evidence_answers(), files=[upload("plan.pdf", tiny_file("pdf"))])

    draft = check_journey(journey_of(client)).draft

    assert [(pending.original_name, pending.size) for pending in draft.uploads] == [
        ("plan.pdf", len(tiny_file("pdf")))
    ]


def test_the_sections_follow_the_journey_each_with_its_change_link(client):
    answer_evidence_steps(client, evidence_answers())

    sections = check_journey(journey_of(client)).sections

    assert [section.heading for section in sections] == [
        "About you",
        "Themes",
        "Workload",
        "Safety Valve (SV) and Delivering Better Value (DBV)",
        "Your experience",
        "Attachments",
        "Contact details",
    ]
    assert sections[0].change_url == f"{SEND}about-you/?change=1"
    assert sections[3].change_url == f"{SEND}sv-dbv/?change=1"
    assert sections[5].change_url == f"{SEND}attachments/?change=1"
    assert [(row.key, row.value) for row in sections[5].rows] == [("Files", "No files attached")]


def test_the_send_checks_every_step_without_reading_them_back(client):
    answer_evidence_steps(client, evidence_answers())
    journey = journey_of(client)

    checked = check_journey(journey, read_back=False)

    assert checked.draft == check_journey(journey).draft
    assert checked.sections == []
