"""The journey's pages tell assistive technology what happened (issue 15): titles that differ from the
theme pages', error messages that name their question, the files just added, and "Change" links read
with their capitals.
"""

import html
import re

import pytest

from tests.files import tiny_file, upload
from tests.journeys import answer_evidence_steps, answer_steps_before_contact, evidence_answers

pytestmark = pytest.mark.django_db

SERVICE = "NASUWT SEND evidence portal"


def title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S)[1])


def error_links(page: str) -> list[str]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)[1]
    return [html.unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", summary)]


def at_step(client, step: str, themes: tuple[str, ...]) -> None:
    answers = evidence_answers(themes=themes)
    answer_evidence_steps(
        client, {name: data for name, data in answers.items() if name in ("about-you", "themes")}
    )
    assert client.get(f"/evidence/send/{step}/").status_code == 200


def test_a_themes_journey_step_and_its_information_page_have_different_titles(client):
    at_step(client, "workload", ("workload", "sv-dbv"))

    step = title(client.get("/evidence/send/workload/").content.decode())
    information = title(client.get("/evidence/themes/workload/").content.decode())

    assert step == f"Workload (theme 1 of 2) – {SERVICE}"
    assert information == f"Workload: what we want to hear – {SERVICE}"


def test_the_sv_dbv_steps_error_messages_name_each_question(client):
    at_step(client, "sv-dbv", ("sv-dbv",))

    page = client.post("/evidence/send/sv-dbv/", {}).content.decode()

    links = error_links(page)
    assert len(links) == len(set(links))
    assert "Select whether the plan has been published, or “Not sure”" in links
    assert "Select whether schools have been meaningfully consulted, or “Not sure”" in links


def test_the_budgets_step_error_message_names_its_question(client):
    at_step(client, "notional-budgets", ("notional-budgets",))

    page = client.post("/evidence/send/notional-budgets/", {}).content.decode()

    assert error_links(page) == [
        "Select whether the notional SEN budget covers your pupils' needs, or “Not sure”"
    ]


def test_after_a_file_is_added_a_success_banner_names_it(client):
    answer_steps_before_contact(client)

    response = client.post(
        "/evidence/send/attachments/",
        {
            "files": [upload("plan.pdf", tiny_file("pdf")), upload("chart.png", tiny_file("png"))],
            "action": "upload",
        },
        follow=True,
    )

    page = response.content.decode()
    banner = re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success" role="alert".*?</div>\s*</div>',
        page,
        re.S,
    )[0]
    assert '<p class="govuk-notification-banner__heading">plan.pdf added</p>' in banner
    assert '<p class="govuk-notification-banner__heading">chart.png added</p>' in banner
    assert "govuk-notification-banner" not in client.get("/evidence/send/attachments/").content.decode(), (
        "said once"
    )


def test_removing_a_file_says_which_was_removed(client):
    answer_steps_before_contact(client)
    client.post(
        "/evidence/send/attachments/", {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"}
    )
    client.get("/evidence/send/attachments/")
    upload_id = client.session["evidence_journey"]["uploads"][0]["id"]

    page = client.post("/evidence/send/attachments/", {"remove": upload_id}, follow=True).content.decode()

    assert '<p class="govuk-notification-banner__heading">plan.pdf removed</p>' in page


def test_continuing_with_a_file_says_nothing_on_the_next_page(client):
    answer_steps_before_contact(client)

    response = client.post(
        "/evidence/send/attachments/",
        {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "continue"},
        follow=True,
    )

    assert "govuk-notification-banner" not in response.content.decode()
    assert "govuk-notification-banner" not in client.get("/evidence/send/attachments/").content.decode()


def test_check_your_answers_change_links_keep_their_capitals(client):
    answer_evidence_steps(client, evidence_answers(themes=("notional-budgets",)))

    page = client.get("/evidence/send/check-your-answers/").content.decode()

    assert '<span class="govuk-visually-hidden"> Notional SEN budget covers needs (' in page
    assert "notional sen budget" not in page
