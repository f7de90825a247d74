"""A pack as words and shown numbers, before it is drawn as PDF or DOCX: both renderings read this
one structure, so what one holds the other holds.

Rules:

- **Disclosure control.** Every count goes through ``shown_count`` here; no renderer sees a true count.
  A bar is drawn from the shown number (0 for "fewer than 5"), so the chart tells no more than the text.
- **Only published quotes** (``Quote.objects.published()``), newest approval first, at most
  ``QUOTE_LIMIT`` of them, and only their published ``text``: never the passage, a reference or a name.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from consultation.models import Question
from evidence.models import Quote
from evidence.publishing.disclosure import shown_count
from evidence.publishing.packs.figures import CountTable, PackFigures
from evidence.publishing.packs.selection import Selection

QUOTE_LIMIT = 40


@dataclass(frozen=True)
class ShownTable:
    heading: str
    rows: list[tuple[str, str]]
    bars: list[int]
    total_label: str
    total: str
    chart: bool


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[ShownTable] = field(default_factory=list)


@dataclass
class PackDocument:
    title: str
    made_on: str
    sections: list[Section]
    quotes: list[str]
    quote_ids: list[int]
    answers: list[tuple[str, str]]

    def all_text(self) -> str:
        """Every word the pack holds (what the canary test reads before rendering)."""
        parts = [self.title, self.made_on, *self.quotes]
        for section in self.sections:
            parts += [section.heading, *section.paragraphs]
            for table in section.tables:
                parts += [table.heading, table.total_label, table.total]
                parts += [f"{label} {shown}" for label, shown in table.rows]
        for heading, text in self.answers:
            parts += [heading, text]
        return "\n".join(parts)


def shown_table(table: CountTable) -> ShownTable:
    shown = [(label, shown_count(n)) for label, n in table.rows]
    return ShownTable(
        heading=table.heading,
        rows=[(label, s.text) for label, s in shown],
        bars=[s.value or 0 for _, s in shown],
        total_label=table.total_label,
        total=shown_count(table.total).text,
        chart=table.chart,
    )


def plain(markup: str) -> str:
    """The union's answers are written with **bold** and *italic*: the pack shows the words."""
    return re.sub(r"\*{1,2}([^*]+)\*{1,2}", r"\1", markup)


def build_document(*, selection: Selection, figures: PackFigures, earlier: int | None) -> PackDocument:
    total = shown_count(figures.submissions).text
    headline = Section("Headline figures", paragraphs=[f"Submissions: {total}.", *selection.notes])
    if earlier is not None:
        headline.paragraphs.append(
            f"{shown_count(earlier).text} earlier submissions no longer held "
            "(counted when they arrived, since deleted under our retention policy)."
        )
    headline.paragraphs.append(
        "Counts of 1 to 4 read 'fewer than 5'; every other count is rounded to the nearest 5, and totals "
        "are rounded from the true total. Spam and restricted submissions are left out."
    )
    headline.tables = [shown_table(t) for t in figures.headline]
    sections = [headline, Section("When members told us", tables=[shown_table(figures.weeks)])]
    for name, tables in figures.theme_tables:
        sections.append(Section(f"{name}: what members answered", tables=[shown_table(t) for t in tables]))
    quotes = list(
        Quote.objects.published()
        .filter(submission__in=selection.submissions.order_by().values("pk"))
        .order_by("-approved_at", "-id")
        .values_list("id", "text")[:QUOTE_LIMIT]
    )
    return PackDocument(
        title=selection.title,
        made_on=f"Made on {timezone.localdate():%d %B %Y} from the NASUWT SEND evidence portal.",
        sections=sections,
        quotes=[text for _, text in quotes],
        quote_ids=[pk for pk, _ in quotes],
        answers=union_answers(selection.theme_slugs),
    )


def union_answers(theme_slugs: tuple[str, ...]) -> list[tuple[str, str]]:
    questions = (
        Question.objects.filter(themes__slug__in=theme_slugs)
        .distinct()
        .select_related("consultation")
        .order_by("consultation__pk", "number")
    )
    return [(f"Question {q.number}: {plain(q.text)}", plain(q.answer)) for q in questions]
