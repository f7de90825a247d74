"""Suggested redactions: what in a passage might identify someone, highlighted before a quote is approved.

A suggestion, never a guarantee: the Education Team reads every quote and edits it. An offline check
only, so nothing a member wrote leaves the portal to be checked. What it looks for:

- email addresses, UK phone numbers and UK postcodes;
- the member's own name (each word of it, three letters or more), wherever it appears;
- capitalised words just before "school", "academy" or "college" ("Hillside Primary School");
- people's names as far as a simple check can tell: a title (Mr, Mrs, Ms, Miss, Dr, Mx, Sir) and the
  capitalised word after it, and capitalised words that are common first names (``FIRST_NAMES``).

The highlighted text is built from escaped pieces, each suggestion in ``<mark class="union-redact">``:
no inline style, so the strict Content-Security-Policy holds.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A small, shipped list of common first names in England (evidence/data/first_names.txt).
FIRST_NAMES = frozenset(
    line.strip()
    for line in (Path(__file__).resolve().parents[1] / "data" / "first_names.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}\d?(?!\w)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir)\.?\s+[A-Z][\w'-]+")
PLACE = re.compile(r"(?:\b[A-Z][\w'&-]*\s+)+(?i:school|academy|college)\b")
# Capitalised at the start of a sentence, not part of a name: "At Hillside School" marks "Hillside School".
NOT_A_NAME = frozenset(
    {"A", "An", "And", "At", "From", "Her", "His", "In", "My", "Our", "The", "Their", "This", "To"}
)
CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z'-]+\b")


@dataclass(frozen=True, order=True)
class Suggestion:
    start: int
    end: int
    why: str


def suggest_redactions(text: str, *, member_name: str = "") -> list[Suggestion]:
    """Spans of ``text`` that may identify someone, in order, overlapping ones merged."""
    found: list[Suggestion] = []

    def add(pattern: re.Pattern[str], why: str) -> None:
        found.extend(Suggestion(m.start(), m.end(), why) for m in pattern.finditer(text))

    add(EMAIL, "email address")
    add(PHONE, "phone number")
    add(POSTCODE, "postcode")
    add(TITLED_NAME, "a person's name")
    for match in PLACE.finditer(text):  # "the school" or "my academy" names nothing, so never matches
        start = match.start()
        for word in match.group(0).split()[:-2]:
            if word not in NOT_A_NAME:
                break
            start = text.index(word, start) + len(word)
        while text[start].isspace():
            start += 1
        found.append(Suggestion(start, match.end(), "a school or college's name"))
    for match in CAPITALISED_WORD.finditer(text):
        if match.group(0).lower() in FIRST_NAMES:
            found.append(Suggestion(match.start(), match.end(), "a person's name"))
    for word in {w for w in re.findall(r"[\w'-]+", member_name) if len(w) >= 3}:
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        found.extend(Suggestion(m.start(), m.end(), "the member's name") for m in pattern.finditer(text))
    return _merged(sorted(found))


def _merged(spans: list[Suggestion]) -> list[Suggestion]:
    merged: list[Suggestion] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Suggestion(last.start, max(last.end, span.end), last.why)
        else:
            merged.append(span)
    return merged


def highlighted(text: str, *, member_name: str = "") -> SafeString:
    """``text`` escaped, each suggested redaction in a ``<mark>`` that says why."""
    pieces: list[str] = []
    at = 0
    for span in suggest_redactions(text, member_name=member_name):
        pieces.append(escape(text[at : span.start]))
        pieces.append(
            format_html(
                '<mark class="union-redact">{}<span class="union-redact-why"> (suggested redaction: {})'
                "</span></mark>",
                text[span.start : span.end],
                span.why,
            )
        )
        at = span.end
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)
