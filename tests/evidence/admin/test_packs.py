"""The evidence pack pages of the admin: the Education Team and superusers ask for a pack, follow it on
its status page and download it; anyone else is refused."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from evidence.models import AuditEvent, EvidencePack
from tests.factories import SvDbvAnswerFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
NEW = reverse("admin:evidence_evidencepack_add")
LIST = reverse("admin:evidence_submission_changelist")


def status_url(pack):
    return reverse("admin:evidence_evidencepack_status", args=[pack.pk])


def test_alice_asks_for_a_pack_follows_it_and_downloads_it(client, alice, django_capture_on_commit_callbacks):
    SvDbvAnswerFactory(programme="sv")
    sign_in(client, alice)
    assert client.get(NEW).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"kind": "programme", "programme": "sv", "format": "pdf"})

    pack = EvidencePack.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(pack)
    status = client.get(status_url(pack))
    assert "Ready to download" in status.content.decode()
    download = client.get(reverse("admin:evidence_evidencepack_download", args=[pack.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_PACK, actor="alice").count() == 1


def test_a_pack_not_yet_made_says_so_with_a_check_again_link(client, alice):
    pack = EvidencePack.objects.create(
        kind="theme", key="banding", format="docx", requested_by=alice, progress=40
    )
    sign_in(client, alice)
    page = client.get(status_url(pack)).content.decode()
    assert "Waiting for the worker" in page
    assert "Check again" in page and "40% done" in page
    assert client.get(reverse("admin:evidence_evidencepack_download", args=[pack.pk])).status_code == 404


def test_a_pack_without_its_theme_says_what_to_choose_and_saves_nothing(client, alice):
    sign_in(client, alice)
    response = client.post(NEW, {"kind": "theme", "theme": "", "format": "docx"})
    assert response.status_code == 200
    assert "Choose a theme" in response.content.decode()
    assert not EvidencePack.objects.exists()


def test_the_list_action_carries_the_lists_filters_to_the_pack_page(client, alice):
    submission = SvDbvAnswerFactory(programme="sv").submission
    sign_in(client, alice)
    response = client.post(
        f"{LIST}?reported_programme=sv&phase__exact=primary",
        {"action": "make_evidence_pack", "_selected_action": [submission.pk]},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == NEW
    assert parse_qs(location.query)["filters"] == ["reported_programme=sv&phase__exact=primary"]
    page = client.get(response["Location"]).content.decode()
    assert "reported_programme=sv&amp;phase__exact=primary" in page


def test_the_lists_own_link_carries_its_filters_with_no_row_ticked(client, alice):
    sign_in(client, alice)
    page = client.get(f"{LIST}?reported_programme=sv&p=1&o=2&q=Kent").content.decode()

    link = re.search(r'<a href="([^"]+)">Make an evidence pack from this list</a>', page).group(1)
    location = urlsplit(html.unescape(link))
    assert location.path == NEW
    assert parse_qs(location.query)["filters"] == ["reported_programme=sv&q=Kent"]


def test_a_list_pack_counts_the_filtered_list(client, alice, django_capture_on_commit_callbacks):
    SvDbvAnswerFactory(programme="sv")
    SvDbvAnswerFactory(programme="dbv")
    sign_in(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"kind": "list", "filters": "reported_programme=sv", "format": "docx"})
    pack = EvidencePack.objects.get()
    assert pack.status == EvidencePack.Status.READY
    assert pack.submission_count == 1


def test_charlie_is_refused_every_pack_page(client, charlie, alice):
    pack = EvidencePack.objects.create(kind="theme", key="banding", format="pdf", requested_by=alice)
    sign_in(client, charlie)
    for url in (NEW, status_url(pack), reverse("admin:evidence_evidencepack_download", args=[pack.pk])):
        assert client.get(url).status_code == 403
    assert client.post(NEW, {"kind": "theme", "theme": "banding", "format": "pdf"}).status_code == 403
    assert EvidencePack.objects.count() == 1


def test_dave_a_superuser_may_ask_for_a_pack(client, dave):
    sign_in(client, dave)
    assert client.get(NEW).status_code == 200


def test_the_list_of_packs_links_each_to_its_status_page(client, alice):
    pack = EvidencePack.objects.create(kind="programme", key="sv", format="pdf", requested_by=alice)
    sign_in(client, alice)
    page = client.get(reverse("admin:evidence_evidencepack_changelist")).content.decode()
    assert status_url(pack) in page
    assert reverse("admin:evidence_evidencepack_add") in page
    change = client.get(reverse("admin:evidence_evidencepack_change", args=[pack.pk]))
    assert change.status_code == 302 and change["Location"] == status_url(pack)
