"""The evidence dashboard: weekly submissions by theme as a server-drawn SVG, and the counts beside it.

The chart is drawn here as numbers (rectangles, ticks) and rendered by the template with SVG
presentation attributes only, so the strict Content-Security-Policy (no inline styles) holds. The table
next to it carries the same figures for screen readers and anyone who prefers numbers. The counts
come from ``evidence.triage.figures``: for each visit on a small installation, every minute or two on a
large one, and then the page says when they were counted.
"""

from dataclasses import dataclass
from datetime import date
from itertools import cycle
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from evidence.admin.filters import THEME_SHORT_NAMES
from evidence.choices import Status
from evidence.models import Theme
from evidence.triage import dashboard, figures

# Okabe-Ito: told apart by people with the common colour-vision differences.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


def _nice_top(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... at or above ``value``: clean tick marks."""
    top, steps = 1, cycle((2, 2.5, 2))
    while top < value:
        top = int(top * next(steps))
    return top


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def chart(weeks: list[dashboard.Week], themes: list[Theme]) -> dict[str, Any]:
    top = _nice_top(max((sum(week.counts(themes)) for week in weeks), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(weeks)
    bars, labels = [], []
    for index, week in enumerate(weeks):
        x = LEFT + index * slot + slot * 0.15
        y: float = TOP + plot_h
        for theme, colour, count in zip(themes, COLOURS, week.counts(themes), strict=False):
            if not count:
                continue
            height = plot_h * count / top
            y -= height
            title = f"{theme.name}, week of {_day(week.start)}: {count}"
            bars.append(Bar(round(x, 1), round(y, 1), round(slot * 0.7, 1), round(height, 1), colour, title))
        labels.append({"x": round(LEFT + (index + 0.5) * slot, 1), "text": _day(week.start)})
    ticks = [{"y": round(TOP + plot_h - plot_h * n / 4, 1), "value": top * n // 4} for n in range(5)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 18,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": [
            {"name": THEME_SHORT_NAMES.get(t.slug, t.name), "colour": c}
            for t, c in zip(themes, COLOURS, strict=False)
        ],
    }


def dashboard_view(model_admin: admin.ModelAdmin[Any], request: HttpRequest) -> TemplateResponse:
    themes = list(Theme.objects.order_by("position"))
    weeks = dashboard.weekly_by_theme()
    counted = figures.dashboard_figures()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Evidence dashboard",
        "opts": model_admin.model._meta,
        "themes": themes,
        "theme_names": [THEME_SHORT_NAMES.get(t.slug, t.name) for t in themes],
        "weeks": [(week, week.counts(themes)) for week in weeks],
        "chart": chart(weeks, themes),
        "by_status": counted.by_status,
        "by_role": counted.by_role,
        "top_authorities": counted.top_authorities,
        "backlog": counted.backlog,
        "untriaged_status": Status.NEW,
        "campaign_counts": counted.campaigns,
        "counted_at": counted.counted_at,
    }
    return TemplateResponse(request, "admin/evidence/dashboard.html", context)
