"""The sections of "Check your answers" written in Python (evidence.views.check_summary): GOV.UK
summary lists with every value escaped, free text's line breaks kept, lists as lists, and a "Change"
link that names its row and section."""

from django.test.html import parse_html

from evidence.summary import SummaryRow, SummarySection
from evidence.views.check_summary import sections_html

SECTION = SummarySection(
    "Your experience <yours>",
    [
        SummaryRow(
            key="Experience", value="Line one <b>\nLine two & three", anchor="id_experience", long=True
        ),
        SummaryRow(key="Causes", values=["EHCP processes", "Meetings <late>"], anchor="id_causes_1"),
        SummaryRow(key="Files", value="No files attached"),
    ],
    change_url="/evidence/send/your-experience/?change=1",
)


def test_each_section_is_a_heading_and_a_summary_list_of_its_rows():
    html = sections_html([SECTION, SummarySection("Contact details", [], "/c/")])

    assert html.count('<dl class="govuk-summary-list govuk-!-margin-bottom-9">') == 2
    assert html.count('<div class="govuk-summary-list__row">') == 3
    assert '<h2 class="govuk-heading-m">Your experience &lt;yours&gt;</h2>' in html


def test_values_are_escaped_with_free_texts_line_breaks_and_lists_kept():
    html = sections_html([SECTION])

    assert parse_html(
        '<dd class="govuk-summary-list__value">Line one &lt;b&gt;<br>Line two &amp; three</dd>'
    ) in (parse_html(html))
    assert '<ul class="govuk-list"><li>EHCP processes</li><li>Meetings &lt;late&gt;</li></ul>' in html
    assert "<b>" not in html and "<late>" not in html


def test_each_change_link_goes_to_its_field_and_says_which_row_and_section():
    html = sections_html([SECTION])

    assert (
        '<a class="govuk-link" href="/evidence/send/your-experience/?change=1#id_experience">Change'
        '<span class="govuk-visually-hidden"> Experience (Your experience &lt;yours&gt;)</span></a>'
    ) in html
    assert 'href="/evidence/send/your-experience/?change=1">Change' in html  # a row with no field
