"""The figures of "What members told us": built from the weekly rollup, kept in the cache.

Rules:

- **From the rollup only** (``WeeklyFigure``), never live rows, so the figures outlive the retention
  purge. Only complete ISO weeks count: the current week is left out until it has ended.
- **Shown counts only**: every count goes through ``shown_count`` before it is stored, so the cache, the
  page, the question pages and the open data never hold a count from 1 to 4. Totals (all submissions,
  a week's total, the other authorities together) are rounded from their true totals.
- **Authorities** are named only with at least ``AUTHORITY_NAMED_FROM`` reports; the rest are one row.
- **Quotes**: those ``Quote.objects.published()`` returns, the newest ``QUOTES_SHOWN``.
- **One cache key** (``CACHE_KEY``), rebuilt by a beat task every few minutes and on a miss. Approving,
  editing or removing a quote retires it once the transaction commits (``retire_after_commit``), with
  the cached question pages, so a withdrawn quote leaves the site and the open data at once.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from consultation.page_cache import bump_content_version
from evidence.choices import Phase, Role, Setting
from evidence.models import LocalAuthority, Quote, Theme, WeeklyFigure
from evidence.models.figures import NOT_SAID
from evidence.models.quotes import EXPERIENCE
from evidence.publishing.disclosure import shown_count
from evidence.weeks import IsoWeek

CACHE_KEY = "publishing:what-members-told-us:v1"
CACHE_SECONDS = 15 * 60  # the beat task refreshes it every 5 minutes; a miss rebuilds it
AUTHORITY_NAMED_FROM = 10
QUOTES_SHOWN = 50
D = WeeklyFigure.Dimension

Figures = dict[str, Any]


def _shown(true_count: int) -> dict[str, Any]:
    count = shown_count(max(true_count, 0))
    return {"value": count.value, "text": count.text}


def _table(dimension: str, caption: str, heading: str, rows: list[tuple[str, str, int]]) -> Figures:
    return {
        "dimension": dimension,
        "caption": caption,
        "heading": heading,
        "rows": [{"value": value, "label": label, "count": _shown(n)} for value, label, n in rows],
    }


def build_public_figures(*, now: datetime | None = None) -> Figures:
    """Everything the page, its open data and the question pages show, as shown counts."""
    current = IsoWeek.current(now)
    complete = WeeklyFigure.objects.filter(week__lt=str(current)).order_by()
    totals: dict[tuple[str, str], int] = {
        (dimension, value): n or 0
        for dimension, value, n in complete.values("dimension", "value")
        .annotate(n=Sum("count"))
        .values_list("dimension", "value", "n")
    }
    themes = list(Theme.objects.order_by("position").values_list("slug", "name"))

    def rows(dimension: str, choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        return [(value, label, totals.get((dimension, value), 0)) for value, label in choices]

    tables = [
        _table(D.THEME, "Submissions by theme", "Theme", rows(D.THEME, themes)),
        _table(D.ROLE, "Submissions by role", "Role", rows(D.ROLE, list(Role.choices))),
        _table(D.PHASE, "Submissions by phase", "Phase", rows(D.PHASE, list(Phase.choices))),
        _table(
            D.SETTING,
            "Submissions by type of setting",
            "Type of setting",
            rows(D.SETTING, list(Setting.choices)),
        ),
        _table(D.AUTHORITY, "Submissions by local authority", "Local authority", _authority_rows(totals)),
    ]
    return {
        "built_at": timezone.now().isoformat(),
        "up_to_week": str(current.previous()),
        "up_to_date": current.previous().sunday.isoformat(),
        "total": _shown(totals.get((D.ALL, ""), 0)),
        "tables": tables,
        "theme_columns": [{"slug": slug, "label": name} for slug, name in themes],
        "weeks": _weeks(complete, current, [slug for slug, _ in themes]),
        "quotes": _quotes(dict(themes)),
    }


def _authority_rows(totals: dict[tuple[str, str], int]) -> list[tuple[str, str, int]]:
    reported = {value: n for (dimension, value), n in totals.items() if dimension == D.AUTHORITY}
    names = dict(LocalAuthority.objects.filter(gss_code__in=reported).values_list("gss_code", "name"))
    named = sorted(
        (names[code], code, n) for code, n in reported.items() if code in names and n >= AUTHORITY_NAMED_FROM
    )
    others = sum(n for code, n in reported.items() if code in names and n < AUTHORITY_NAMED_FROM)
    rows = [(code, name, n) for name, code, n in named]
    rows.append(("other", f"Other authorities (each with fewer than {AUTHORITY_NAMED_FROM} reports)", others))
    rows.append((NOT_SAID, "Not said", reported.get(NOT_SAID, 0)))
    return rows


def _weeks(complete: Any, current: IsoWeek, theme_slugs: list[str]) -> list[Figures]:
    counts: dict[str, dict[str, int]] = {}
    for week, dimension, value, n in complete.filter(dimension__in=[D.ALL, D.THEME]).values_list(
        "week", "dimension", "value", "count"
    ):
        counts.setdefault(week, {})[value if dimension == D.THEME else ""] = n
    if not counts:
        return []
    weeks, week = [], IsoWeek.parse(min(counts))
    while week < current:  # every complete week from the first, empty ones shown as 0
        found = counts.get(str(week), {})
        weeks.append(
            {
                "week": str(week),
                "monday": week.monday.isoformat(),
                "total": _shown(found.get("", 0)),
                "themes": {slug: _shown(found.get(slug, 0)) for slug in theme_slugs},
            }
        )
        week = week.next()
    return weeks


def _quotes(theme_names: dict[str, str]) -> list[Figures]:
    published = (
        Quote.objects.published()
        .select_related("submission")
        .prefetch_related("submission__themes")
        .order_by("-approved_at", "-id")[:QUOTES_SHOWN]
    )
    quotes = []
    for quote in published:
        slugs = sorted(quote.submission.theme_slugs) if quote.source == EXPERIENCE else [quote.source]
        quotes.append(
            {"text": quote.text, "themes": [{"slug": s, "label": theme_names.get(s, s)} for s in slugs]}
        )
    return quotes


def _fingerprint(figures: Figures) -> str:
    content = {key: value for key, value in figures.items() if key != "built_at"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def refresh_public_figures(*, now: datetime | None = None) -> Figures:
    """Build the figures and cache them; the question pages are retired only when something changed.

    After a miss there is nothing to compare with: whatever retired the figures (a quote approved or
    removed) retired the question pages with them, so they are not retired again here.
    """
    figures = build_public_figures(now=now)
    previous = cache.get(CACHE_KEY)
    cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    if previous is not None and _fingerprint(previous) != _fingerprint(figures):
        bump_content_version()
    return figures


def public_figures() -> Figures:
    """The cached figures, built on a miss."""
    figures = cache.get(CACHE_KEY)
    return figures if figures is not None else refresh_public_figures()


def retire_public_figures() -> None:
    cache.delete(CACHE_KEY)
    bump_content_version()


def retire_after_commit() -> None:
    transaction.on_commit(retire_public_figures)


def quotes_removed_receiver(sender: Any, quote_ids: list[int], **kwargs: Any) -> None:
    retire_after_commit()
