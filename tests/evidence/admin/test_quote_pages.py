"""The quote pages (evidence.admin.quotes): Alice selects a passage of Erin's words from her submission's
page, sees the suggested redactions, edits and approves; a passage Erin did not write is refused next to
the field with what was typed kept; without consent the page says so; Bob and Charlie cannot open it;
every page that shows Erin's words is recorded as opening her submission.
"""

import pytest
from django.urls import reverse

from evidence.models import AuditEvent, Quote
from evidence.publishing.quotes import NO_CONSENT
from tests.factories import QuoteFactory, SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

WORDS = "Mrs Patel at Hillside Primary School spends every evening on EHCP paperwork."


@pytest.fixture
def erins():
    return SubmissionFactory(name="Erin Evans", consent_to_quote=True, experience=WORDS)


def select_url(submission):
    return reverse("admin:evidence_quote_select", args=[submission.pk])


def quote_url(quote):
    return reverse("admin:evidence_quote_change", args=[quote.pk])


def test_the_submission_page_links_to_selecting_a_passage_only_with_consent(client, alice, erins):
    sign_in(client, alice)
    page = client.get(reverse("admin:evidence_submission_change", args=[erins.pk])).content.decode()
    assert f'href="{select_url(erins)}"' in page

    refused = SubmissionFactory(consent_to_quote=False)
    page = client.get(reverse("admin:evidence_submission_change", args=[refused.pk])).content.decode()
    assert select_url(refused) not in page
    assert "did not agree to be quoted" in page


def test_alice_selects_a_passage_and_sees_the_suggested_redactions(client, alice, erins):
    sign_in(client, alice)
    page = client.get(select_url(erins)).content.decode()
    assert '<mark class="union-redact">Mrs Patel' in page
    assert '<mark class="union-redact">Hillside Primary School' in page

    response = client.post(select_url(erins), {"source": "experience", "passage": WORDS})

    quote = Quote.objects.get()
    assert response.status_code == 302 and response["Location"] == quote_url(quote)
    page = client.get(quote_url(quote)).content.decode()
    assert "2 suggested redactions marked" in page


def test_a_passage_the_member_did_not_write_is_refused_with_what_was_typed_kept(client, alice, erins):
    sign_in(client, alice)
    response = client.post(select_url(erins), {"source": "experience", "passage": "Invented <words>"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The passage must be words the member wrote" in page
    assert "Invented &lt;words&gt;</textarea>" in page
    assert not Quote.objects.exists()


def test_without_consent_the_page_says_so_and_saves_nothing(client, alice):
    refused = SubmissionFactory(consent_to_quote=False, experience=WORDS)
    sign_in(client, alice)

    response = client.post(select_url(refused), {"source": "experience", "passage": "EHCP paperwork"})

    assert NO_CONSENT in response.content.decode()
    assert not Quote.objects.exists()


def test_alice_edits_and_approves_and_it_is_on_record(client, alice, erins):
    quote = QuoteFactory(submission=erins, passage=WORDS, text=WORDS)
    sign_in(client, alice)
    client.get(quote_url(quote))

    edited = "[A colleague] at [my school] spends every evening on EHCP paperwork."
    response = client.post(quote_url(quote), {"text": edited, "approve": "Save and approve"})

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.text, quote.passage, quote.approved_by) == (edited, WORDS, alice)
    erins.refresh_from_db()
    assert erins.experience == WORDS
    assert list(
        AuditEvent.objects.exclude(action="sign-in").order_by("id").values_list("action", "detail")
    ) == [
        ("view-submission", ""),
        ("quote", "edited"),
        ("quote", "approved"),
    ]


def test_an_empty_edit_is_refused_next_to_the_field(client, alice, erins):
    quote = QuoteFactory(submission=erins)
    sign_in(client, alice)

    response = client.post(quote_url(quote), {"text": "  ", "approve": "Save and approve"})

    assert response.status_code == 400
    assert "Enter the words to quote" in response.content.decode()
    quote.refresh_from_db()
    assert quote.approved_at is None


@pytest.mark.parametrize("person", ["bob", "charlie"])
def test_people_outside_the_education_team_cannot_open_the_quote_pages(client, person, request, erins):
    sign_in(client, request.getfixturevalue(person))
    quote = QuoteFactory(submission=erins)

    assert client.get(select_url(erins)).status_code == 403
    assert client.get(quote_url(quote)).status_code in (302, 403)
    assert client.post(quote_url(quote), {"text": "x", "approve": "1"}).status_code in (302, 403)
    quote.refresh_from_db()
    assert quote.approved_at is None
