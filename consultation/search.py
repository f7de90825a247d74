"""Search over the consultation's questions, the union's answers and the proposals.

On PostgreSQL: full-text search (websearch syntax, ranked, with highlighted extracts). Elsewhere
(SQLite in development): every word must appear somewhere in the item, ranked by how often they do.
Extracts are plain text; matches are wrapped in <mark class="union-highlight"> after escaping, so
nothing in a query or in the content can inject markup.

Results are remembered in each process (``RESULTS_KEPT`` searches, least recently used first out),
keyed by the consultation, the content version (``consultation.page_cache``: any content change retires
them all) and the query with its case and spacing folded. A search someone made a moment ago
("mediation", "EHCP") is answered from memory; the 21 answers and the proposals are small enough that
a new one costs two queries. Kept in the process, not in Redis: a flood of distinct queries evicts
older results there and can grow nothing else (decision 0036).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from consultation import markup
from consultation.models import Consultation, Proposal, Question
from consultation.page_cache import content_version

MAX_RESULTS = 50
RESULTS_KEPT = 256
EXTRACT_WORDS = 35
# Private-use characters mark the matches inside PostgreSQL's headline; they become <mark> only after
# the headline has been escaped.
START, STOP = "\ue000", "\ue001"
HIGHLIGHT_OPEN = '<mark class="union-highlight">'
HIGHLIGHT_CLOSE = "</mark>"
SEARCH_CONFIG = "english"


@dataclass(frozen=True)  # shared between requests by the remembered results
class SearchResult:
    kind: str
    title: str
    url: str
    extract: SafeString
    rank: float


def _highlighted(plain_with_markers: str) -> SafeString:
    html = escape(plain_with_markers).replace(START, HIGHLIGHT_OPEN).replace(STOP, HIGHLIGHT_CLOSE)
    return mark_safe(html)  # noqa: S308  (escaped above; only our own tags are added)


def _question_url(number: int) -> str:
    return reverse("consultation:question", args=[number])


def _proposal_url(order: int) -> str:
    return reverse("consultation:overview") + f"#proposal-{order}"


def search(consultation: Consultation, query: str) -> list[SearchResult]:
    folded = " ".join(query.lower().split())
    return list(_remembered(consultation, content_version(), folded))


@lru_cache(maxsize=RESULTS_KEPT)
def _remembered(consultation: Consultation, version: int, query: str) -> tuple[SearchResult, ...]:
    """The results for the content at ``version``; the version is in the key only to retire them."""
    if connection.vendor == "postgresql":
        results = _full_text(consultation, query)
    else:
        results = _contains(consultation, query)
    return tuple(sorted(results, key=lambda result: -result.rank)[:MAX_RESULTS])


def _without_markup(field: str) -> Replace:
    # The headline is cut from the middle of a passage, where **bold** markers could lose their pair.
    return Replace(field, Value("*"), Value(""))


def _headline(field: str, search_query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        _without_markup(field),
        search_query,
        start_sel=START,
        stop_sel=STOP,
        max_words=EXTRACT_WORDS,
        min_words=15,
        config=SEARCH_CONFIG,
    )


def _full_text(consultation: Consultation, query: str) -> list[SearchResult]:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    questions = (
        Question.objects.filter(consultation=consultation)
        .annotate(
            search=SearchVector("text", weight="A", config=SEARCH_CONFIG)
            + SearchVector("answer", weight="B", config=SEARCH_CONFIG)
        )
        .filter(search=search_query)
        .annotate(
            rank=SearchRank("search", search_query),
            text_headline=_headline("text", search_query),
            answer_headline=_headline("answer", search_query),
        )
        .order_by("-rank", "number")[:MAX_RESULTS]
    )
    proposals = (
        Proposal.objects.filter(consultation=consultation)
        .annotate(
            search=SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("detail", weight="B", config=SEARCH_CONFIG)
        )
        .filter(search=search_query)
        .annotate(
            rank=SearchRank("search", search_query),
            detail_headline=_headline("detail", search_query),
        )
        .order_by("-rank", "order")[:MAX_RESULTS]
    )
    results = []
    for question in questions:
        headline = question.answer_headline if START in question.answer_headline else question.text_headline
        results.append(
            SearchResult(
                kind="Question",
                title=f"Question {question.number}: {question.text}",
                url=_question_url(question.number),
                extract=_highlighted(headline),
                rank=question.rank,
            )
        )
    for proposal in proposals:
        results.append(
            SearchResult(
                kind="Proposal",
                title=proposal.title,
                url=_proposal_url(proposal.order),
                extract=_highlighted(proposal.detail_headline),
                rank=proposal.rank,
            )
        )
    return results


def _words(query: str) -> list[str]:
    words = re.findall(r"\w[\w'-]*", query.lower())
    return list(dict.fromkeys(words))[:10]


def _extract(text: str, words: list[str]) -> str:
    """About EXTRACT_WORDS words of plain text around the first match, matches marked."""
    plain = " ".join(markup.plain_text(text).split())
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(plain)
    tokens = plain.split(" ")
    # Start a few words before the first match, so the reader sees it in context.
    start_word = max(plain[: first.start()].count(" ") - EXTRACT_WORDS // 3, 0) if first else 0
    chosen = tokens[start_word : start_word + EXTRACT_WORDS]
    extract = " ".join(chosen)
    extract = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", extract)
    prefix = "… " if start_word > 0 else ""
    suffix = " …" if start_word + EXTRACT_WORDS < len(tokens) else ""
    return prefix + extract + suffix


def _contains(consultation: Consultation, query: str) -> list[SearchResult]:
    words = _words(query)
    if not words:
        return []
    question_filter, proposal_filter = Q(), Q()
    for word in words:
        question_filter &= Q(text__icontains=word) | Q(answer__icontains=word)
        proposal_filter &= Q(title__icontains=word) | Q(detail__icontains=word)
    results = []
    for question in Question.objects.filter(question_filter, consultation=consultation)[:MAX_RESULTS]:
        haystack = f"{question.text} {question.answer}".lower()
        in_answer = any(word in question.answer.lower() for word in words)
        results.append(
            SearchResult(
                kind="Question",
                title=f"Question {question.number}: {question.text}",
                url=_question_url(question.number),
                extract=_highlighted(_extract(question.answer if in_answer else question.text, words)),
                rank=sum(haystack.count(word) for word in words),
            )
        )
    for proposal in Proposal.objects.filter(proposal_filter, consultation=consultation)[:MAX_RESULTS]:
        haystack = f"{proposal.title} {proposal.detail}".lower()
        results.append(
            SearchResult(
                kind="Proposal",
                title=proposal.title,
                url=_proposal_url(proposal.order),
                extract=_highlighted(_extract(proposal.detail, words)),
                rank=sum(haystack.count(word) for word in words),
            )
        )
    return results
