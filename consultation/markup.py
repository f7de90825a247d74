"""The small, safe markup the consultation content is stored in.

It is the subset of Markdown the union's briefing uses inside a passage: paragraphs separated by a
blank line, ``**bold**`` and ``*italic*`` (italic may contain bold, as in ``'*starting with **x** y*'``).
Everything else is text: the input is escaped first, so no HTML, script or link ever comes through.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
STRONG = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*")
# Italic text may hold whole <strong> elements, never half of one, so tags always nest properly.
EMPHASIS = re.compile(r"\*(?=[^\s*])((?:[^*<]|<strong>[^<]*</strong>)+?)(?<=[^\s*])\*")


def paragraphs(text: str) -> list[str]:
    """The passage's paragraphs, without surrounding blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in PARAGRAPH_BREAK.split(text) if part.strip()]


def _inline(paragraph: str) -> str:
    html: str = escape(paragraph)  # a SafeString, but the substitutions below give back plain str
    html = STRONG.sub(r"<strong>\1</strong>", html)
    return EMPHASIS.sub(r"<em>\1</em>", html)


def render(text: str, *, css_class: str = "govuk-body") -> SafeString:
    """The passage as HTML paragraphs with the given class."""
    opening = f'<p class="{escape(css_class)}">' if css_class else "<p>"
    return mark_safe("".join(f"{opening}{_inline(part)}</p>" for part in paragraphs(text)))  # noqa: S308


def render_inline(text: str) -> SafeString:
    """A short passage (a list item) as inline HTML: paragraphs joined by a space."""
    return mark_safe(" ".join(_inline(part) for part in paragraphs(text)))  # noqa: S308


def plain_text(text: str) -> str:
    """The passage without its markup, paragraphs separated by a blank line (for downloads)."""
    stripped = []
    for part in paragraphs(text):
        part = STRONG.sub(r"\1", part)
        stripped.append(re.sub(r"\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*", r"\1", part))
    return "\n\n".join(stripped)
