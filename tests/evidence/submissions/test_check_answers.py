"""Check your answers (evidence.submissions.check_answers): every step checked again and read back."""

import pytest

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
