"""The public page "What members told us" and its open data: read from the cached figures only."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evidence.publishing.open_data import NOTE, figures_csv, figures_json
from evidence.publishing.public_figures import public_figures

WEEKS_ON_THE_PAGE = 12


def members_told_us(request: HttpRequest) -> HttpResponse:
    figures = public_figures()
    return render(
        request,
        "evidence/members_told_us.html",
        {
            "figures": figures,
            "recent_weeks": list(reversed(figures["weeks"][-WEEKS_ON_THE_PAGE:])),
            "weeks_on_the_page": WEEKS_ON_THE_PAGE,
            "note": NOTE,
        },
    )


def members_told_us_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(figures_csv(public_figures()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="what-members-told-us.csv"'
    return response


def members_told_us_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(figures_json(public_figures()), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="what-members-told-us.json"'
    return response
