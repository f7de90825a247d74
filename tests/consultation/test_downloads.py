import csv
import io
import json

import pytest

from consultation.downloads import spreadsheet_safe
from tests.factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db
JSON_URL = "/response/downloads/nasuwt-answers.json"
CSV_URL = "/response/downloads/nasuwt-answers.csv"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_json_download_holds_every_question_and_answer_as_plain_text(client, send_review):
    response = client.get(JSON_URL)
    body = json.loads(response.content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="send-review-2022-nasuwt-answers.json"'
    assert [q["number"] for q in body["questions"]] == list(range(1, 22))
    question_6 = body["questions"][5]
    assert question_6["question"] == send_review.questions.get(number=6).text
    assert question_6["answer"].startswith("We do not think that mandatory mediation is appropriate")
    assert body["consultation"]["full_response_url"] == "http://www.nasuw.org.uk/ConsultationResponses"


def test_the_json_download_keeps_paragraphs_and_drops_markup(client, no_consultations):
    QuestionFactory(consultation=ConsultationFactory(), number=1, answer="**Bold** start.\n\nSecond *part*.")

    [question] = json.loads(client.get(JSON_URL).content)["questions"]

    assert question["answer"] == "Bold start.\n\nSecond part."


def test_the_csv_download_has_a_header_and_21_rows(client, send_review):
    response = client.get(CSV_URL)
    table = rows(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="send-review-2022-nasuwt-answers.csv"'
    assert table[0] == ["Question number", "Question", "Answer"]
    assert len(table) == 22
    assert table[18][0] == "18"
    assert "fitting the child or young person into a box" in table[18][2]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_the_csv_download_neutralises_formulas(client, no_consultations, dangerous):
    QuestionFactory(consultation=ConsultationFactory(), number=1, text=dangerous, answer=dangerous)

    [_, row] = rows(client.get(CSV_URL))

    assert row[1] == "'" + dangerous
    assert row[2] == "'" + dangerous


def test_the_csv_download_neutralises_a_leading_tab(client, no_consultations):
    QuestionFactory(consultation=ConsultationFactory(), number=1, text="\t=1+1")

    [_, row] = rows(client.get(CSV_URL))

    assert row[1] == "'\t=1+1"


def test_spreadsheet_safe_leaves_ordinary_values_alone():
    assert spreadsheet_safe("We oppose") == "We oppose"
    assert spreadsheet_safe(18) == 18
    assert spreadsheet_safe("") == ""


def test_downloads_are_not_found_when_nothing_is_published(client, no_consultations):
    ConsultationFactory(published=False)

    assert client.get(JSON_URL).status_code == 404
    assert client.get(CSV_URL).status_code == 404
