"""The "Send evidence" journey: steps in order, one page per chosen theme, change links, one submit."""

import pytest

from evidence.models import OutboundEmail, Submission
from tests.journeys import answer_evidence_steps, evidence_answers, send_evidence

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"
CHECK = "/evidence/send/check-your-answers/"


def post(client, step: str, data: dict, query: str = ""):
    return client.post(f"{SEND}{step}/{query}", data)


def test_starting_sends_the_member_to_about_you(client):
    response = client.get(SEND)

    assert response.status_code == 302
    assert response["Location"] == f"{SEND}about-you/"


def test_the_call_for_evidence_start_button_begins_the_journey(client):
    page = client.get("/evidence/").content.decode()

    assert f'href="{SEND}"' in page


def test_a_member_cannot_skip_ahead(client):
    client.get(SEND)

    response = client.get(f"{SEND}contact-details/")

    assert response["Location"] == f"{SEND}about-you/"


def test_a_step_without_a_journey_starts_one(client):
    assert client.get(f"{SEND}themes/")["Location"] == SEND


def test_an_unknown_step_is_not_found(client):
    client.get(SEND)

    assert client.get(f"{SEND}no-such-step/").status_code == 404


def test_only_the_chosen_themes_get_a_page_in_the_themes_order(client):
    answers = evidence_answers(themes=("sv-dbv", "workload"))
    client.get(SEND)
    post(client, "about-you", answers["about-you"])

    response = post(client, "themes", {"themes": ["sv-dbv", "workload"]})
    assert response["Location"] == f"{SEND}workload/"
    assert client.get(f"{SEND}banding/")["Location"] == f"{SEND}workload/", "an unchosen theme has no page"

    response = post(client, "workload", answers["workload"])
    assert response["Location"] == f"{SEND}sv-dbv/"
    response = post(client, "sv-dbv", answers["sv-dbv"])
    assert response["Location"] == f"{SEND}your-experience/"


def test_each_theme_page_shows_its_own_questions_only(client):
    answer_evidence_steps(
        client, {k: v for k, v in evidence_answers().items() if k in ("about-you", "themes")}
    )

    workload = client.get(f"{SEND}workload/").content.decode()
    post(client, "workload", {})
    sv_dbv = client.get(f"{SEND}sv-dbv/").content.decode()

    assert "Theme 1 of 2" in workload and 'name="causes"' in workload and 'name="programme"' not in workload
    assert "Theme 2 of 2" in sv_dbv and 'name="programme"' in sv_dbv and 'name="causes"' not in sv_dbv


def test_back_links_follow_the_journey(client):
    answer_evidence_steps(
        client, {k: v for k, v in evidence_answers().items() if k in ("about-you", "themes")}
    )

    assert f'href="{SEND}themes/" class="govuk-back-link"' in client.get(f"{SEND}workload/").content.decode()
    assert 'href="/evidence/" class="govuk-back-link"' in client.get(f"{SEND}about-you/").content.decode()


def test_answers_are_shown_again_when_the_member_goes_back(client):
    answer_evidence_steps(
        client, {k: v for k, v in evidence_answers().items() if k in ("about-you", "themes")}
    )

    page = client.get(f"{SEND}about-you/").content.decode()

    assert 'id="id_role_1" name="role" type="radio" value="senco" checked' in page


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
        "alice@example.org",
        "No files attached",
    ]:
        assert text in page, text
    assert f'href="{SEND}about-you/?change=1#id_role_1"' in page
    assert f'href="{SEND}sv-dbv/?change=1#id_programme_1"' in page
    assert f'href="{SEND}attachments/?change=1"' in page


def test_a_change_link_returns_to_check_your_answers_after_saving(client):
    answers = evidence_answers()
    answer_evidence_steps(client, answers)

    response = post(client, "about-you", answers["about-you"] | {"phase": "secondary"}, "?change=1")

    assert response["Location"] == CHECK
    assert "Secondary" in client.get(CHECK).content.decode()


def test_the_back_link_of_a_change_goes_to_check_your_answers(client):
    answer_evidence_steps(client, evidence_answers())

    page = client.get(f"{SEND}your-experience/?change=1").content.decode()

    assert f'href="{CHECK}" class="govuk-back-link"' in page


def test_adding_a_theme_while_changing_asks_its_questions_before_going_back(client):
    answer_evidence_steps(client, evidence_answers())

    response = post(client, "themes", {"themes": ["workload", "training", "sv-dbv"]}, "?change=1")
    assert response["Location"] == f"{SEND}training/?change=1"
    assert client.get(CHECK)["Location"] == f"{SEND}training/?change=1"

    response = post(client, "training", {"stage": "trainee", "preparedness": "not-prepared"}, "?change=1")
    assert response["Location"] == CHECK


def test_removing_a_theme_drops_its_answers(client):
    answer_evidence_steps(client, evidence_answers())
    post(client, "themes", {"themes": ["workload"]}, "?change=1")

    assert client.post(CHECK)["Location"] == "/evidence/sent/"

    submission = Submission.objects.get()
    assert submission.theme_slugs == {"workload"}
    assert not hasattr(submission, "sv_dbv")


def test_the_sv_dbv_authority_comes_from_about_you(client):
    send_evidence(client)

    assert Submission.objects.get().sv_dbv.local_authority.name == "Kent"


def test_the_sv_dbv_authority_is_asked_again_if_the_member_preferred_not_to_say(client):
    answers = evidence_answers(authority=None)
    answer_evidence_steps(client, {k: answers[k] for k in ("about-you", "themes", "workload")})

    response = post(client, "sv-dbv", answers["sv-dbv"])
    assert response.status_code == 200
    assert "Select the local authority, or “Prefer not to say”" in response.content.decode()

    answers["sv-dbv"]["authority"] = str(
        Submission._meta.get_field("local_authority").related_model.objects.get(name="Leeds").pk
    )
    answer_evidence_steps(client, answers)
    client.post(CHECK)

    submission = Submission.objects.get()
    assert submission.local_authority is None
    assert submission.sv_dbv.local_authority.name == "Leeds"


def test_choosing_prefer_not_to_say_later_asks_the_sv_dbv_authority_again(client):
    answers = evidence_answers()
    answer_evidence_steps(client, answers)
    choice = answers["about-you"] | {"local_authority": "prefer-not-to-say"}

    assert post(client, "about-you", choice, "?change=1")["Location"] == CHECK
    assert client.get(CHECK)["Location"] == f"{SEND}sv-dbv/?change=1"
    assert 'name="authority"' in client.get(f"{SEND}sv-dbv/?change=1").content.decode()


def test_sending_shows_the_reference_and_forgets_the_answers(client):
    response = send_evidence(client)

    assert response["Location"] == "/evidence/sent/"
    submission = Submission.objects.get()
    page = client.get("/evidence/sent/").content.decode()
    assert submission.reference in page
    assert "govuk-panel--confirmation" in page
    assert "alice@example.org" not in page, "nothing personal on the confirmation"
    assert "evidence_journey" not in client.session
    assert client.get(CHECK)["Location"] == SEND


def test_the_confirmation_is_shown_only_to_the_member_who_sent_it(client, django_user_model):
    from django.test import Client

    send_evidence(client)

    response = Client().get("/evidence/sent/")

    assert response["Location"] == "/evidence/"


def test_sending_twice_saves_one_submission(client):
    send_evidence(client)

    again = client.post(CHECK)

    assert again["Location"] == "/evidence/sent/"
    assert Submission.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_a_double_click_racing_the_first_submit_gets_the_same_reference(client):
    answer_evidence_steps(client, evidence_answers())
    # Both clicks carry the same session: replay the second as if it had loaded it before the first ended.
    session = client.session
    before = dict(session.items())

    client.post(CHECK)
    first = client.session["evidence_sent"]["reference"]
    for key, value in before.items():
        session[key] = value
    session.save()
    client.post(CHECK)

    assert Submission.objects.count() == 1
    assert client.session["evidence_sent"]["reference"] == first


def test_a_filled_honeypot_looks_sent_but_saves_nothing(client):
    answers = evidence_answers()
    answers["about-you"]["website"] = "https://spam.example"

    response = send_evidence(client, answers)

    assert response["Location"] == "/evidence/sent/"
    assert "SEND-" in client.get("/evidence/sent/").content.decode()
    assert not Submission.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_every_question_page_has_the_honeypot_and_a_guarded_button(client):
    client.get(SEND)

    page = client.get(f"{SEND}about-you/").content.decode()

    assert 'class="union-honeypot"' in page
    assert 'name="website" value="" autocomplete="off" tabindex="-1"' in page
    assert "Leave this blank" in page
    assert 'data-prevent-double-click="true"' in page
    assert "novalidate" in page
    assert "<script>" not in page and "style=" not in page


def test_every_answer_is_read_back_from_postgresql(client, postgres):
    answers = evidence_answers(
        themes=("workload", "banding", "notional-budgets", "training", "sv-dbv", "general")
    )
    answers["your-experience"]["experience"] = "Unicode survives: café – “quotes” – 😊\nand a second line."

    send_evidence(client, answers)

    submission = Submission.objects.select_related(
        "workload", "banding", "budget", "training", "sv_dbv__local_authority", "general", "local_authority"
    ).get()
    assert (submission.role, submission.phase, submission.setting) == ("senco", "primary", "maintained")
    assert submission.local_authority.name == "Kent"
    assert submission.experience == answers["your-experience"]["experience"]
    assert (submission.name, submission.email, submission.membership_number) == (
        "Alice Member",
        "alice@example.org",
        "NAS12345",
    )
    assert submission.consent_to_contact and not submission.consent_to_quote
    assert submission.theme_slugs == set(answers["themes"]["themes"])
    workload = submission.workload
    assert (workload.cause_ehcp_processes, workload.cause_external_agency_meetings) == (True, True)
    assert (workload.cause_specialist_service_cuts, workload.cause_specialist_advice_delays) == (False, False)
    assert workload.details == "EHCP forms."
    assert (submission.banding.experience, submission.banding.details) == (
        "issues",
        "Bands were cut mid-year.",
    )
    assert submission.budget.notional_budget_enough == "no"
    assert (submission.training.stage, submission.training.preparedness) == ("early-career", "partly")
    sv_dbv = submission.sv_dbv
    assert sv_dbv.local_authority.name == "Kent"
    assert (sv_dbv.programme, sv_dbv.plan_stage, sv_dbv.plan_published, sv_dbv.schools_consulted) == (
        "sv",
        "agreed",
        "yes",
        "no",
    )
    assert sv_dbv.plan_url == "https://www.gov.uk/government/publications/example-plan"
    assert (sv_dbv.problem_no_consultation, sv_dbv.problem_specialist_cuts) == (True, True)
    assert (sv_dbv.problem_mainstream_support_reduced, sv_dbv.problem_no_funding_for_new_services) == (
        False,
        False,
    )
    assert submission.general.details == "Tribunal waits are over a year."
    assert OutboundEmail.objects.get().idempotency_key == f"ack:{submission.reference}"
