import pytest
from django.urls import reverse

from tests.factories import AimFactory, ConsultationFactory, ProposalFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
URL = "/response/"


def test_it_keeps_the_name_the_header_and_home_page_link_to():
    assert reverse("consultation:overview") == URL


def test_it_shows_the_green_paper_title_link_aims_and_proposals(client, send_review):
    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">SEND Review: right support, right place, right time</h1>' in html
    assert f'href="{send_review.green_paper_url}"' in html
    assert html.count('<li id="proposal-') == 8
    assert "<strong>improved mainstream provision...</strong>" in html
    assert "<strong>single national system for SEND and Alternative Provision (AP)</strong>" in html
    assert 'href="/response/union-response/"' in html
    assert 'href="/response/questions/"' in html


def test_it_leads_home_through_breadcrumbs(client, send_review):
    html = client.get(URL).content.decode()

    assert 'class="govuk-breadcrumbs"' in html
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a>' in html


def test_it_hides_unpublished_consultations_from_the_public(client, no_consultations):
    ConsultationFactory(published=False)

    assert client.get(URL).status_code == 404


def test_it_shows_the_sites_own_404_page_when_nothing_is_published(client, no_consultations, settings):
    settings.DEBUG = False

    response = client.get(URL)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_shows_unpublished_consultations_to_staff_who_may_view_them(client, no_consultations, bob):
    draft = ConsultationFactory(published=False, title="A draft consultation")
    AimFactory(consultation=draft, text="make things **better**")
    sign_in(client, bob)

    response = client.get(URL)

    assert response.status_code == 200
    assert "A draft consultation" in response.content.decode()
    assert "This consultation is not published" in response.content.decode()


def test_it_keeps_drafts_from_staff_who_gave_only_their_password(client, no_consultations, bob):
    ConsultationFactory(published=False, title="A draft consultation")
    client.force_login(bob)

    assert client.get(URL).status_code == 404


def test_it_shows_drafts_to_superusers(client, no_consultations, dave):
    ConsultationFactory(published=False, title="A draft consultation")
    sign_in(client, dave)

    assert client.get(URL).status_code == 200


def test_it_refuses_drafts_to_staff_without_permission_and_to_members(
    client, no_consultations, alice, charlie, erin
):
    ConsultationFactory(published=False)

    for person in (alice, charlie, erin):
        sign_in(client, person)
        assert client.get(URL).status_code == 404, person.username


def test_it_shows_the_published_consultation_with_the_lowest_ordering(client, no_consultations):
    ConsultationFactory(title="Later", ordering=2)
    ConsultationFactory(title="First in line", ordering=1)
    ConsultationFactory(title="A draft ahead of it", ordering=0, published=False)

    assert "First in line" in client.get(URL).content.decode()


def test_it_escapes_content_staff_typed(client, no_consultations):
    consultation = ConsultationFactory(summary="<script>alert(1)</script>")
    ProposalFactory(consultation=consultation, detail="<img src=x onerror=alert(1)>")

    html = client.get(URL).content.decode()

    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
