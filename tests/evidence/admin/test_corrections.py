"""The correction page (evidence.admin.corrections): Alice corrects Erin's details from the submission's
page; a bad address is shown next to its field with what she typed, and nothing is saved; Bob and
Charlie cannot open it.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from evidence.models import SubmissionChange
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def erins():
    return SubmissionFactory(name="Erin Evens", email="erin@exmaple.org", consent_to_quote=True)


def url(submission):
    return reverse("admin:evidence_submission_correct", args=[submission.pk])


def form(**changes):
    return {
        "name": "Erin Evens",
        "email": "erin@exmaple.org",
        "membership_number": "",
        "consent_to_quote": "on",
    } | changes


def test_the_submission_page_links_to_it(client, alice, erins):
    sign_in(client, alice)

    page = client.get(reverse("admin:evidence_submission_change", args=[erins.pk])).content.decode()

    assert f'href="{url(erins)}"' in page


def test_it_shows_the_details_as_they_are(client, alice, erins):
    sign_in(client, alice)

    page = client.get(url(erins)).content.decode()

    assert 'value="Erin Evens"' in page and 'value="erin@exmaple.org"' in page
    assert 'id="id_consent_to_quote" checked>' in page
    assert 'id="id_consent_to_contact">' in page


def test_alice_corrects_the_address_and_withdraws_consent_to_be_quoted(client, alice, erins):
    sign_in(client, alice)
    data = form(email="erin@example.org")
    del data["consent_to_quote"]

    response = client.post(url(erins), data, follow=True)

    erins.refresh_from_db()
    assert (erins.email, erins.consent_to_quote) == ("erin@example.org", False)
    assert response.redirect_chain[-1][0] == reverse("admin:evidence_submission_change", args=[erins.pk])
    page = response.content.decode()
    assert "Corrected the email address, consent to be quoted." in page
    assert "May quote them anonymously" in page  # in the history table


def test_a_bad_address_is_shown_next_to_its_field_and_nothing_is_saved(client, alice, erins):
    sign_in(client, alice)

    response = client.post(url(erins), form(name="Erin Evans", email="erin@@example"))

    assert response.status_code == 200
    page = response.content.decode()
    message = "Enter an email address in the correct format, like name@example.com"
    assert f'<a href="#id_email">{message}</a>' in page
    assert 'id="id_email_error"' in page and 'aria-invalid="true"' in page
    assert 'value="erin@@example"' in page and 'value="Erin Evans"' in page
    erins.refresh_from_db()
    assert (erins.name, erins.email) == ("Erin Evens", "erin@exmaple.org")
    assert not SubmissionChange.objects.exists()


def test_saving_without_changes_says_so(client, alice, erins):
    sign_in(client, alice)

    response = client.post(url(erins), form(), follow=True)

    assert "Nothing was changed." in response.content.decode()


def test_bob_and_charlie_cannot_correct_anything(client, bob, charlie, erins):
    charlie.user_permissions.add(Permission.objects.get(codename="change_submission"))
    for person in (bob, charlie):
        sign_in(client, person)
        assert client.get(url(erins)).status_code == 403
        assert client.post(url(erins), form(email="x@example.org")).status_code == 403
    erins.refresh_from_db()
    assert erins.email == "erin@exmaple.org"
