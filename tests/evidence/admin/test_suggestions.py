"""Theme suggestions on the triage page and list (evidence.admin.suggestions): Alice sees them with
their confidence, accepts or rejects each with one button; Charlie is refused; the list filters by them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from evidence.models import SubmissionChange
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def page(submission) -> str:
    return reverse("admin:evidence_submission_change", args=[submission.pk])


def decide(suggestion, decision: str) -> str:
    return reverse(
        "admin:evidence_submission_suggestion", args=[suggestion.submission_id, suggestion.pk, decision]
    )


@pytest.fixture
def suggestion():
    return ThemeSuggestionFactory(submission=SubmissionFactory(themes=["workload"]), confidence=0.87)


def test_the_page_shows_an_open_suggestion_with_its_confidence_and_buttons(client, alice, suggestion):
    sign_in(client, alice)
    html = client.get(page(suggestion.submission)).content.decode()
    assert "Suggested themes" in html
    assert "87%" in html
    assert f'formaction="{decide(suggestion, "accept")}"' in html
    assert "Accept Safety Valve (SV) and Delivering Better Value (DBV)" in html


def test_accepting_adds_a_staff_theme_and_records_an_accepted_suggestion(client, alice, suggestion):
    sign_in(client, alice)
    response = client.post(decide(suggestion, "accept"))
    assert response.status_code == 302 and response["Location"] == page(suggestion.submission)
    submission = suggestion.submission
    assert set(submission.staff_themes.values_list("slug", flat=True)) == {"sv-dbv"}
    assert set(submission.themes.values_list("slug", flat=True)) == {"workload"}  # the member's stay
    change = SubmissionChange.objects.get(submission=submission)
    assert change.changed_by == alice
    assert change.new_value == "accepted suggestion: Safety Valve (SV) and Delivering Better Value (DBV)"
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by) == ("accepted", alice)
    assert "Accept Safety Valve" not in client.get(page(submission)).content.decode()


def test_rejecting_is_remembered_and_the_suggestion_is_no_longer_open(client, alice, suggestion):
    sign_in(client, alice)
    client.post(decide(suggestion, "reject"))
    suggestion.refresh_from_db()
    assert suggestion.state == "rejected"
    assert not suggestion.submission.staff_themes.exists()
    assert SubmissionChange.objects.get().new_value.startswith("rejected suggestion: ")
    html = client.get(page(suggestion.submission)).content.decode()
    assert "No open suggestions." in html


def test_a_second_decision_on_the_same_suggestion_changes_nothing(client, alice, suggestion):
    sign_in(client, alice)
    client.post(decide(suggestion, "reject"))
    client.post(decide(suggestion, "accept"))
    suggestion.refresh_from_db()
    assert suggestion.state == "rejected"
    assert SubmissionChange.objects.count() == 1


def test_a_superuser_may_decide(client, dave, suggestion):
    sign_in(client, dave)
    assert client.post(decide(suggestion, "accept")).status_code == 302
    assert suggestion.submission.staff_themes.exists()


def test_charlie_is_refused_even_with_a_stray_permission(client, charlie, suggestion):
    charlie.user_permissions.add(Permission.objects.get(codename="change_submission"))
    sign_in(client, charlie)
    assert client.post(decide(suggestion, "accept")).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == "open"


def test_a_get_decides_nothing(client, alice, suggestion):
    sign_in(client, alice)
    assert client.get(decide(suggestion, "accept")).status_code == 405
    suggestion.refresh_from_db()
    assert suggestion.state == "open"


def test_the_decision_needs_the_csrf_token(alice, suggestion):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, alice)
    assert client.post(decide(suggestion, "accept")).status_code == 403


def test_the_list_filters_submissions_suggested_but_not_chosen(client, alice, suggestion):
    other = SubmissionFactory()
    ThemeSuggestionFactory(submission=other, theme=theme("training"))
    decided = ThemeSuggestionFactory(theme=theme("sv-dbv"), state="rejected").submission
    sign_in(client, alice)
    response = client.get(LIST, {"suggested": "sv-dbv"})
    shown = {s.reference for s in response.context["cl"].result_list}
    assert shown == {suggestion.submission.reference}
    assert decided.reference not in shown
    assert "suggested but not chosen: SV/DBV" in response.content.decode()


def test_a_theme_staff_added_by_hand_is_no_longer_shown_or_filtered_as_suggested(client, alice, suggestion):
    suggestion.submission.staff_themes.add(theme("sv-dbv"))
    sign_in(client, alice)
    assert "No open suggestions." in client.get(page(suggestion.submission)).content.decode()
    assert not client.get(LIST, {"suggested": "sv-dbv"}).context["cl"].result_list
