"""The public figures (evidence.publishing.public_figures) on small crafted data: the disclosure rules,
complete weeks only, authorities named from 10 reports, and the cache."""

import datetime as dt

import pytest
from django.core.cache import cache

from evidence.models import LocalAuthority, WeeklyFigure
from evidence.publishing.public_figures import CACHE_KEY, build_public_figures, public_figures
from evidence.weeks import IsoWeek

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)  # a Wednesday in 2026-W48
LAST_WEEK, WEEK_BEFORE, THIS_WEEK = "2026-W47", "2026-W46", "2026-W48"


def figure(week: str, dimension: str, value: str, count: int) -> None:
    WeeklyFigure.objects.create(week=week, dimension=dimension, value=value, count=count)


def row(figures, dimension: str, value: str) -> dict:
    table = next(t for t in figures["tables"] if t["dimension"] == dimension)
    return next(r for r in table["rows"] if r["value"] == value)


def test_a_cell_of_4_reads_fewer_than_5_and_its_row_total_is_rounded_from_the_truth(postgres):
    figure(LAST_WEEK, "all", "", 13)
    figure(LAST_WEEK, "theme", "banding", 4)
    figure(LAST_WEEK, "theme", "workload", 9)

    figures = build_public_figures(now=NOW)

    week = figures["weeks"][-1]
    assert week["week"] == LAST_WEEK
    assert week["themes"]["banding"] == {"value": None, "text": "fewer than 5"}
    assert week["themes"]["workload"] == {"value": 10, "text": "10"}
    # 13 rounds to 15: never 10 + "fewer than 5" summed, never the true 13.
    assert week["total"] == {"value": 15, "text": "15"}
    assert figures["total"] == {"value": 15, "text": "15"}
    assert row(figures, "theme", "training")["count"] == {"value": 0, "text": "0"}


def test_no_count_from_1_to_4_is_stored_anywhere_in_the_figures(postgres):
    for n, value in enumerate(["senco", "classroom-teacher", "leader", "rep"], start=1):
        figure(LAST_WEEK, "role", value, n)
    figure(LAST_WEEK, "all", "", 10)

    figures = build_public_figures(now=NOW)

    shown = [r["count"]["value"] for t in figures["tables"] for r in t["rows"]]
    assert not any(v in (1, 2, 3, 4) for v in shown)
    assert [row(figures, "role", v)["count"]["text"] for v in ("senco", "rep")] == [
        "fewer than 5",
        "fewer than 5",
    ]


def test_the_current_incomplete_week_is_left_out_and_empty_weeks_between_show_0(postgres):
    figure("2026-W44", "all", "", 7)
    figure(THIS_WEEK, "all", "", 500)

    figures = build_public_figures(now=NOW)

    assert [w["week"] for w in figures["weeks"]] == ["2026-W44", "2026-W45", WEEK_BEFORE, LAST_WEEK]
    assert [w["total"]["text"] for w in figures["weeks"]] == ["5", "0", "0", "0"]
    assert figures["total"]["value"] == 5
    assert figures["up_to_week"] == LAST_WEEK


def test_an_authority_is_named_only_with_at_least_10_reports(postgres):
    kent, leeds, york = (LocalAuthority.objects.get(name=n) for n in ("Kent", "Leeds", "York"))
    figure(LAST_WEEK, "authority", kent.gss_code, 6)
    figure(WEEK_BEFORE, "authority", kent.gss_code, 4)
    figure(LAST_WEEK, "authority", leeds.gss_code, 9)
    figure(LAST_WEEK, "authority", york.gss_code, 3)

    labels = [r["label"] for r in build_public_figures(now=NOW)["tables"][-1]["rows"]]

    assert "Kent" in labels and "Leeds" not in labels and "York" not in labels
    other = row(build_public_figures(now=NOW), "authority", "other")
    assert other["count"]["text"] == "10"  # Leeds 9 + York 3 = 12, rounded


def test_the_figures_are_served_from_the_cache_until_refreshed(postgres, django_assert_num_queries):
    figure(str(IsoWeek.last_complete()), "all", "", 20)
    first = public_figures()
    assert cache.get(CACHE_KEY) == first

    WeeklyFigure.objects.update(count=40)
    with django_assert_num_queries(0):
        assert public_figures()["total"]["value"] == 20
