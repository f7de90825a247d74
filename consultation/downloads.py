"""The union's answers as open data: JSON and CSV, plain text."""

import csv
from typing import Any

from django.http import HttpResponse, JsonResponse

from consultation import markup
from consultation.models import Consultation

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def answer_rows(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        {"number": number, "question": text, "answer": markup.plain_text(answer)}
        for number, text, answer in consultation.questions.order_by("number").values_list(
            "number", "text", "answer"
        )
    ]


def _filename(consultation: Consultation, extension: str) -> str:
    return f"{consultation.slug}-nasuwt-answers.{extension}"


def answers_json(consultation: Consultation) -> JsonResponse:
    body = {
        "consultation": {
            "title": consultation.title,
            "document_type": consultation.document_type,
            "green_paper_url": consultation.green_paper_url,
            "full_response_url": consultation.full_response_url,
        },
        "publisher": "NASUWT",
        "questions": answer_rows(consultation),
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "json")}"'
    return response


def spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def answers_csv(consultation: Consultation) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "csv")}"'
    writer = csv.writer(response)
    writer.writerow(["Question number", "Question", "Answer"])
    for row in answer_rows(consultation):
        writer.writerow([spreadsheet_safe(row[field]) for field in ("number", "question", "answer")])
    return response
