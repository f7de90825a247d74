"""The member's journey (evidence.submissions.journey): steps in order, one page per chosen theme,
back and change links. Sending is tested in tests/evidence/views/test_send.py.
"""

import pytest

from evidence.models import Submission
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
