"""The canary: words a member did not agree to have quoted, or that no one approved, never leave the
portal, on the public page, its CSV and JSON, or any question page; an approved quote does, until the
member withdraws, is restricted, erased or purged, when it goes from all of them at once, cache included.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from evidence.models import Submission, Theme
from evidence.privacy.corrections import ContactCorrection, correct_contact_details
from evidence.privacy.erasure import erase_submissions
from evidence.privacy.restriction import restrict
from evidence.privacy.retention import purge_expired_evidence
from evidence.publishing.quotes import approve_quote, select_quote
from tests.evidence.conftest import counted_in
from tests.factories import QuoteFactory, SubmissionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NO_CONSENT = "Zebrafinch marmalade tribunal"
NOT_APPROVED = "Quokka lanterns at the annual review"
APPROVED = "Narwhal paperwork swallowed every planning period"


def last_week(submission) -> None:
    Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now() - dt.timedelta(days=7))


@pytest.fixture
def canaries(alice, django_capture_on_commit_callbacks):
    """Three members about workload: no consent (an approved row made by hand all the same), a draft
    never approved, and one approved."""
    refused = SubmissionFactory(consent_to_quote=False, experience=f"{NO_CONSENT}.", themes=["workload"])
    QuoteFactory(submission=refused, approved_by=alice, approved_at=timezone.now())
    draft = SubmissionFactory(consent_to_quote=True, experience=f"{NOT_APPROVED}.", themes=["workload"])
    approved = SubmissionFactory(
        consent_to_quote=True,
        experience=f"{APPROVED}, said Mrs Patel.",
        name="Erin Evans",
        themes=["workload"],
    )
    for submission in (refused, draft, approved):
        last_week(submission)
    counted_in([refused, draft, approved])
    with django_capture_on_commit_callbacks(execute=True):
        select_quote(submission=draft, source="experience", passage=NOT_APPROVED, by=alice)
        quote = select_quote(submission=approved, source="experience", passage=APPROVED, by=alice)
        approve_quote(quote=quote, by=alice)
    return approved


def everything_public() -> dict[str, str]:
    client = Client()
    pages = {
        "page": client.get("/what-members-told-us/"),
        "csv": client.get("/what-members-told-us/figures.csv"),
        "json": client.get("/what-members-told-us/figures.json"),
    }
    for number in range(1, 22):
        pages[f"question {number}"] = client.get(f"/response/questions/{number}/")
    assert all(response.status_code == 200 for response in pages.values())
    return {name: response.content.decode() for name, response in pages.items()}


def workload_questions() -> list[str]:
    numbers = Theme.objects.get(slug="workload").related_questions.values_list("number", flat=True)
    return [f"question {number}" for number in numbers]


def test_only_the_approved_quote_leaves_the_portal(postgres, canaries):
    public = everything_public()

    for name, body in public.items():
        assert NO_CONSENT not in body, name
        assert NOT_APPROVED not in body, name
    assert APPROVED in public["page"] and APPROVED in public["json"]
    assert workload_questions()
    for name in workload_questions():
        assert APPROVED in public[name], name
        assert "Members told us about this" in public[name]
    assert "Erin" not in public["page"] and "Evans" not in public["page"]


def withdraw(submission, by):
    correct_contact_details(
        submission=submission,
        correction=ContactCorrection(
            name=submission.name,
            email=submission.email,
            membership_number=submission.membership_number,
            consent_to_contact=submission.consent_to_contact,
            consent_to_quote=False,
        ),
        by=by,
    )


def purge(submission, by):
    Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now() - dt.timedelta(days=800))
    assert purge_expired_evidence().submissions == 1


REMOVALS = {
    "withdrawal of consent": withdraw,
    "restriction": lambda submission, by: restrict(submissions=[submission], by=by),
    "erasure": lambda submission, by: erase_submissions(submissions=[submission], actor=by.username),
    "the retention purge": purge,
}


@pytest.mark.parametrize("removal", REMOVALS, ids=list(REMOVALS))
def test_the_approved_quote_goes_from_everything_at_once(
    postgres, canaries, alice, removal, django_capture_on_commit_callbacks
):
    assert all(APPROVED in everything_public()[name] for name in ["page", "json", *workload_questions()])

    with django_capture_on_commit_callbacks(execute=True):
        REMOVALS[removal](canaries, alice)

    for name, body in everything_public().items():  # the cached page and question pages were retired
        assert APPROVED not in body, name
