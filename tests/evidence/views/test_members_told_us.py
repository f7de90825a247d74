"""The public page "What members told us" and its open data (evidence.views.members_told_us)."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from evidence.models import WeeklyFigure
from evidence.publishing.open_data import NOTE
from evidence.weeks import IsoWeek

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_week():
    week = str(IsoWeek.last_complete())
    for dimension, value, count in [("all", "", 23), ("theme", "workload", 21), ("theme", "banding", 3)]:
        WeeklyFigure.objects.create(week=week, dimension=dimension, value=value, count=count)
    return week


def test_the_page_shows_shown_counts_in_captioned_tables(client, last_week):
    page = client.get(reverse("evidence:members_told_us")).content.decode()

    assert '<h1 class="govuk-heading-xl">What members told us</h1>' in page
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Submissions by theme</caption>' in page
    )
    assert 'data-count="total">25<' in page
    assert "fewer than 5" in page
    assert ">3<" not in page and ">23<" not in page


def test_no_cell_of_the_page_or_a_question_page_shows_a_count_from_1_to_4(client, last_week):
    for path in ["/what-members-told-us/", "/response/questions/18/"]:  # 18: banding, SV/DBV
        page = client.get(path).content.decode()
        cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', page)
        assert cells and "fewer than 5" in cells, path
        assert not {"1", "2", "3", "4"} & set(cells), path


def test_the_home_page_and_the_navigation_link_to_it(client):
    home = client.get("/").content.decode()
    assert home.count(f'href="{reverse("evidence:members_told_us")}"') == 2


def test_the_csv_has_fewer_than_5_as_an_empty_count_with_a_note(client, last_week):
    response = client.get(reverse("evidence:members_told_us_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_week = [r for r in rows if r["table"] == "Submissions by week and theme"]
    banding = next(r for r in by_week if "banding" in r["group"].lower())
    assert (banding["week"], banding["count"], banding["note"]) == (last_week, "", "fewer than 5")
    assert rows[0] == {
        "table": "All submissions",
        "week": f"up to {last_week}",
        "group": "All",
        "count": "25",
        "note": "",
    }


def test_the_json_has_fewer_than_5_as_null_with_the_note(client, last_week):
    data = json.loads(client.get(reverse("evidence:members_told_us_json")).content)

    assert data["note"] == NOTE and data["total"] == 25
    assert data["weeks"][-1]["themes"]["banding"] is None
    assert data["weeks"][-1]["themes"]["workload"] == 20
    assert data["quotes"] == []
