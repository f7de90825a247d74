"""The sections of "Check your answers", written in Python: GOV.UK summary lists, one per section.

The page's template looped over each section's rows, and that loop was most of the page's CPU (the
longest page of the journey: every answer given, a dozen rows or more). The HTML is the same as the
template's: every value escaped, free text's line breaks kept (``linebreaksbr``), a list of values as a
``govuk-list``, and each row's "Change" link naming its row and section for screen readers.
"""

from collections.abc import Iterable

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from evidence.summary import SummaryRow, SummarySection


def sections_html(sections: Iterable[SummarySection]) -> SafeString:
    return format_html_join(
        "\n",
        '<h2 class="govuk-heading-m">{}</h2>\n<dl class="govuk-summary-list govuk-!-margin-bottom-9">{}</dl>',
        ((section.heading, _rows(section)) for section in sections),
    )


def _rows(section: SummarySection) -> SafeString:
    return mark_safe("".join(_row(row, section) for row in section.rows))  # noqa: S308 (each part escaped)


def _row(row: SummaryRow, section: SummarySection) -> str:
    if row.values:
        value = format_html(
            '<ul class="govuk-list">{}</ul>', format_html_join("", "<li>{}</li>", ((v,) for v in row.values))
        )
    else:
        value = linebreaksbr(row.value, autoescape=True)
    change = section.change_url + (f"#{row.anchor}" if row.anchor else "")
    return format_html(
        '\n<div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd>'
        '<dd class="govuk-summary-list__actions">'
        '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {} ({})</span></a>'
        "</dd></div>",
        row.key,
        value,
        change,
        row.key,
        section.heading,
    )
