"""Only published quotes reach a pack (issue 14, item 4): the words of a member who did not consent,
of an unapproved quote and of a quote whose submission is restricted never appear in the PDF or DOCX,
while an approved quote does."""

import pytest

from evidence.models import EvidencePack
from evidence.publishing.packs.document import build_document
from evidence.publishing.packs.docx import render_docx
from evidence.publishing.packs.figures import count_figures
from evidence.publishing.packs.pdf import render_pdf
from evidence.publishing.packs.selection import select
from tests.evidence.publishing.pack_text import docx_text, pdf_text
from tests.factories import ApprovedQuoteFactory, SubmissionFactory, SvDbvAnswerFactory

pytestmark = pytest.mark.django_db

PUBLISHED = "Zanzibarquokka published words"
CANARIES = ["Xylophonewombat", "Quixotickestrel", "Blancmangeocelot"]


@pytest.fixture
def pack_document():
    def sv(**submission):
        return SvDbvAnswerFactory(
            programme="sv", submission=SubmissionFactory(themes=["sv-dbv"], **submission)
        ).submission

    ApprovedQuoteFactory(submission=sv(consent_to_quote=True), text=PUBLISHED)
    # No consent: a quote row exists (made before consent was withdrawn), the words in her evidence too.
    ApprovedQuoteFactory(submission=sv(consent_to_quote=False, experience=CANARIES[0]), text=CANARIES[0])
    # Consent, but the quote was never approved.
    ApprovedQuoteFactory(submission=sv(consent_to_quote=True), text=CANARIES[1], approved_at=None)
    # Consent and approval, but the member asked us to restrict processing.
    ApprovedQuoteFactory(submission=sv(consent_to_quote=True, restricted=True), text=CANARIES[2])
    selection = select(kind=EvidencePack.Kind.PROGRAMME, key="sv")
    return build_document(selection=selection, figures=count_figures(selection), earlier=None)


def test_the_story_holds_only_the_published_quote(pack_document):
    text = pack_document.all_text()
    assert PUBLISHED in text
    for canary in CANARIES:
        assert canary not in text


def test_the_pdf_holds_only_the_published_quote(pack_document):
    content, pages = render_pdf(pack_document, compress=False)
    text = pdf_text(content)
    assert "Zanzibarquokka" in text
    for canary in CANARIES:
        assert canary.encode() not in content
    assert pages >= 1


def test_the_docx_holds_only_the_published_quote(pack_document):
    content, _ = render_docx(pack_document)
    text = docx_text(content)
    assert PUBLISHED in text
    for canary in CANARIES:
        assert canary not in text


def test_with_second_approval_on_a_quote_approved_once_stays_out(settings):
    settings.QUOTES_SECOND_APPROVAL = True
    submission = SvDbvAnswerFactory(programme="sv").submission
    submission.consent_to_quote = True
    submission.save()
    ApprovedQuoteFactory(submission=submission, text="Onceapprovedpangolin")
    selection = select(kind=EvidencePack.Kind.PROGRAMME, key="sv")
    document = build_document(selection=selection, figures=count_figures(selection), earlier=None)
    assert "Onceapprovedpangolin" not in document.all_text()
