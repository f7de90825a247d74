"""The open data of "What members told us": the same shown counts as the page, as CSV and JSON.

A suppressed count (1 to 4) is empty in the CSV and ``null`` in the JSON, with the note saying so; a
count is never written as its true value. The CSV holds the figures; the JSON holds them and the
approved quotes.
"""

import csv
import io
from typing import Any

from evidence.publishing.disclosure import FEWER_THAN_FIVE

NOTE = (
    "Counts are rounded to the nearest 5. A count from 1 to 4 is withheld (empty in the CSV, null in the "
    f'JSON, "{FEWER_THAN_FIVE}" on the page) so that no one can be identified. Totals are rounded from '
    "the true total, so the counts shown may not add up to them. A submission may be about more than one "
    "theme. Only complete ISO weeks (Monday to Sunday, UK time) are counted."
)
CSV_COLUMNS = ["table", "week", "group", "count", "note"]


def _cell(count: dict[str, Any]) -> tuple[str, str]:
    value = count["value"]
    return ("", FEWER_THAN_FIVE) if value is None else (str(value), "")


def figures_csv(figures: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow(["All submissions", f"up to {figures['up_to_week']}", "All", *_cell(figures["total"])])
    for table in figures["tables"]:
        for row in table["rows"]:
            writer.writerow(
                [table["caption"], f"up to {figures['up_to_week']}", row["label"], *_cell(row["count"])]
            )
    labels = {column["slug"]: column["label"] for column in figures["theme_columns"]}
    for week in figures["weeks"]:
        writer.writerow(["Submissions by week", week["week"], "All", *_cell(week["total"])])
        for slug, count in week["themes"].items():
            writer.writerow(
                ["Submissions by week and theme", week["week"], labels.get(slug, slug), *_cell(count)]
            )
    return out.getvalue()


def figures_json(figures: dict[str, Any]) -> dict[str, Any]:
    def count(shown: dict[str, Any]) -> int | None:
        return shown["value"]

    return {
        "title": "What members told us: NASUWT SEND evidence",
        "note": NOTE,
        "up_to_week": figures["up_to_week"],
        "total": count(figures["total"]),
        "tables": [
            {
                "name": table["caption"],
                "dimension": table["dimension"],
                "rows": [
                    {"group": row["label"], "code": row["value"], "count": count(row["count"])}
                    for row in table["rows"]
                ],
            }
            for table in figures["tables"]
        ],
        "weeks": [
            {
                "week": week["week"],
                "total": count(week["total"]),
                "themes": {slug: count(shown) for slug, shown in week["themes"].items()},
            }
            for week in figures["weeks"]
        ],
        "quotes": [
            {"text": quote["text"], "themes": [theme["slug"] for theme in quote["themes"]]}
            for quote in figures["quotes"]
        ],
    }
