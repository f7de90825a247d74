"""The data migration loads the briefing's consultation content word for word.

The briefing is parsed here independently of the migration, from the copy committed in the project,
and compared with what `migrate` put in the database.
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from consultation.models import Consultation, ResponseSection

BRIEFING = Path(settings.BASE_DIR) / "consultation" / "data" / "send_review_briefing.md"
# The briefing as the union sent it (the copy must stay byte for byte identical).
BRIEFING_SHA256 = "f5aadd11b45ecb9b8a2ce7ffa8d1368923b2e560c9fb000bcfd936cc4614d43e"
QUESTION_HEADING = re.compile(r"^(?:#+ )?\*\*Question (\d+): (.*)\*\*$")


def briefing_lines() -> list[str]:
    return BRIEFING.read_text(encoding="utf-8").splitlines()


def briefing_questions() -> dict[int, tuple[str, list[str]]]:
    """{number: (question, [answer paragraphs])}, read line by line from the annex."""
    questions: dict[int, tuple[str, list[str]]] = {}
    current = None
    for line in briefing_lines():
        heading = QUESTION_HEADING.match(line.strip())
        if heading:
            current = int(heading.group(1))
            questions[current] = (heading.group(2), [])
        elif current is not None and line.strip():
            questions[current][1].append(line.strip())
    return questions


def briefing_list_after(introduction: str, marker: str) -> list[str]:
    """The items of the list that follows the line ``introduction``, without their markers."""
    lines = briefing_lines()
    start = lines.index(introduction) + 1
    items = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if re.match(marker, line):
            items.append(re.sub(marker, "", line, count=1))
        elif items and line.strip() and not line.startswith(("-", " ")):
            break
    return items


def briefing_paragraphs_under(heading: str) -> list[str]:
    lines = briefing_lines()
    start = lines.index(heading) + 1
    paragraphs = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if line.strip():
            paragraphs.append(line.strip())
    return paragraphs


@pytest.fixture
def migrated(db) -> Consultation:
    """The consultation exactly as `migrate` left it (not reloaded by a fixture)."""
    return Consultation.objects.get(slug="send-review-2022")


def test_the_committed_briefing_is_the_unions_briefing_byte_for_byte():
    assert hashlib.sha256(BRIEFING.read_bytes()).hexdigest() == BRIEFING_SHA256


def test_migrate_loads_one_published_consultation_with_its_links_as_written(migrated):
    assert migrated.published
    assert migrated.title == "SEND Review: right support, right place, right time"
    # Kept exactly as the briefing writes it, typo included: never silently "corrected".
    assert migrated.full_response_url == "http://www.nasuw.org.uk/ConsultationResponses"
    assert migrated.green_paper_url == (
        "https://www.gov.uk/government/consultations/send-review-right-support-right-place-right-time"
    )
    text = BRIEFING.read_text()
    assert f"]({migrated.full_response_url})" in text
    assert f"<{migrated.green_paper_url}>" in text


def test_every_one_of_the_21_answers_matches_the_briefing_word_for_word(migrated):
    expected = briefing_questions()
    stored = {q.number: q for q in migrated.questions.all()}

    assert sorted(expected) == list(range(1, 22))
    assert sorted(stored) == list(range(1, 22))
    for number, (question, answer) in expected.items():
        assert stored[number].text == question, f"question {number} differs"
        assert stored[number].answer.split("\n\n") == answer, f"answer {number} differs"


def test_the_eight_proposals_match_the_briefing(migrated):
    expected = briefing_list_after("The main proposals include:", r"^- ")
    proposals = list(migrated.proposals.order_by("order"))

    assert len(expected) == 8
    assert [p.detail for p in proposals] == expected
    assert all(p.title for p in proposals)
    assert [p.order for p in proposals] == list(range(1, 9))


def test_the_three_aims_match_the_briefing_with_their_emphasis(migrated):
    expected = briefing_list_after("The broad aims of the Green Paper are to:", r"^\d+\. ")

    assert len(expected) == 3
    assert [aim.text for aim in migrated.aims.order_by("order")] == expected
    assert "**improved mainstream provision...**" in expected[0]


def test_the_response_keeps_its_support_concerns_and_sections(migrated):
    sections = list(migrated.response_sections.order_by("order"))
    by_kind = {kind: [s for s in sections if s.kind == kind] for kind in ResponseSection.Kind.values}
    concerns_intro = (
        "The NASUWT supports the broad aims of the Green Paper. However, we have significant concerns that:"
    )

    assert [s.body for s in by_kind["support"]] == [concerns_intro]
    assert [s.body for s in by_kind["concern"]] == briefing_list_after(concerns_intro, r"^- ")
    assert [s.heading for s in by_kind["section"]] == [
        "The relationship between SEND policy and mainstream education policies",
        "Resourcing, including current funding developments",
        "Workload pressures on teachers and school leaders",
    ]
    headings_in_briefing = [
        "### The relationship between SEND policy and mainstream education policies",
        "### Resourcing, including current funding developments",
        "## **Workload pressures on teachers and school leaders**",
    ]
    for section, heading in zip(by_kind["section"], headings_in_briefing, strict=True):
        assert section.body.split("\n\n") == briefing_paragraphs_under(heading)


def test_the_questions_are_grouped_as_the_public_list_shows_them(migrated):
    groups = {
        group.title: [q.number for q in group.questions.order_by("number")]
        for group in migrated.question_groups.order_by("order")
    }

    assert groups == {
        "Standards and local partnerships": [1, 2, 3],
        "EHCPs, placements and redress": [4, 5, 6, 7],
        "Early years and the workforce": [8, 9, 10],
        "Schools and post-16": [11, 12],
        "Alternative provision": [13, 14, 15, 16],
        "Accountability and funding": [17, 18],
        "Delivery": [19, 20, 21],
    }


def test_the_loader_does_nothing_when_the_content_is_already_there(send_review):
    from django.apps import apps

    from tests.consultation.conftest import CONTENT_MIGRATION

    CONTENT_MIGRATION.load_content(apps, None)

    assert Consultation.objects.filter(slug="send-review-2022").count() == 1
    assert send_review.questions.count() == 21
