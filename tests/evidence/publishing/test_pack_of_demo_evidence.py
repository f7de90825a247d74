"""The issue's "Done when", on PostgreSQL: a Safety Valve pack of 1,000 demo submissions opens as PDF and
as DOCX (both parsed back), its figures match the admin list's for the same filter, and it holds only
approved quotes."""

import pytest
from django.urls import reverse

from evidence.choices import Role, Status
from evidence.demo.seed import create_demo_submissions
from evidence.models import EvidencePack, Submission
from evidence.publishing.disclosure import shown_count
from evidence.publishing.packs.lifecycle import make_pack_content
from tests.evidence.publishing.pack_text import docx_text, pdf_pages, pdf_text
from tests.factories import ApprovedQuoteFactory
from tests.staff import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
LIST = reverse("admin:evidence_submission_changelist")


def listed(client, params) -> int:
    total = 0
    for status in (s for s in Status.values if s != Status.SPAM):
        response = client.get(LIST, {**params, "status__exact": status, "restricted__exact": "0"})
        total += response.context["cl"].result_count
    return total


@pytest.fixture
def demo(postgres):
    create_demo_submissions(1000, seed=14)
    sv = Submission.objects.counted().reporting_programme(("sv", "both")).order_by("pk")
    first, second, third = sv[:3]
    Submission.objects.filter(pk__in=[first.pk, second.pk]).update(consent_to_quote=True)
    ApprovedQuoteFactory(submission=first, text="Approvedquote: the specialist teachers went first.")
    ApprovedQuoteFactory(submission=second, text="Draftquote never approved.", approved_at=None)
    ApprovedQuoteFactory(
        submission=third, text="Noconsentquote from a member who said no."
    )  # third did not consent
    Submission.objects.filter(pk=third.pk).update(consent_to_quote=False)


def test_a_safety_valve_pack_of_1000_demo_submissions(client, alice, demo):
    sign_in(client, alice)
    pdf = make_pack_content(kind=EvidencePack.Kind.PROGRAMME, key="sv", format="pdf")
    docx = make_pack_content(kind=EvidencePack.Kind.PROGRAMME, key="sv", format="docx")
    pdf_words, docx_words = pdf_text(pdf.content), docx_text(docx.content)

    assert pdf_pages(pdf.content) == pdf.page_count >= 2
    total = listed(client, {"reported_programme": "sv"})
    assert pdf.submissions == docx.submissions == total > 0
    assert f"Submissions: {shown_count(total)}." in pdf_words
    assert f"Submissions: {shown_count(total)}." in docx_words
    senco = listed(client, {"reported_programme": "sv", "role__exact": Role.SENCO})
    assert f"SENCO {shown_count(senco)}" in docx_words.replace("\n", " ")

    for words in (pdf_words, docx_words):
        assert "Approvedquote" in words
        assert "Draftquote" not in words
        assert "Noconsentquote" not in words
