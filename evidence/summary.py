"""What a summary of a submission is made of, wherever it is shown.

The member's "check your answers" page and the Education Team's submission page both show a
submission as headed sections of rows: a label and a value (or a list of values). The pages build
these plain values; the templates escape every one of them.
"""

from dataclasses import dataclass, field


@dataclass
class SummaryRow:
    key: str
    value: str = ""
    values: list[str] = field(default_factory=list)
    url: str = ""  # the value as a link: a published plan, a file to download
    anchor: str = ""  # the field a "Change" link goes to, on check your answers
    long: bool = False  # free text: keep its line breaks


@dataclass
class SummarySection:
    heading: str
    rows: list[SummaryRow]
    change_url: str = ""  # check your answers: where "Change" goes
    slug: str = ""  # the theme's slug, for a theme's section
