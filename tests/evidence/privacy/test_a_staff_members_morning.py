"""One staff member's morning, as the audit log (evidence.privacy.audit) tells it.

Alice signs in, searches for a member by name, opens two of the submissions she finds, downloads a file
from one, and exports the list she searched. The log holds exactly those six events, in that order.
Run with ``-s`` to see the log printed as the integrator quotes it in the issue's note.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import AuditEvent, EvidenceExport
from tests.factories import SubmissionFactory, attach_file
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def the_log() -> list[str]:
    events = AuditEvent.objects.order_by("at", "id")
    return [f"{e.actor:<6} {e.action:<16} {e.target:<28} {e.detail}".rstrip() for e in events]


def test_alice_s_morning_leaves_exactly_her_six_events_in_order(client, alice):
    first = SubmissionFactory(name="Ngozi Okafor", experience="Banding was cut in March.")
    second = SubmissionFactory(name="Ngozi Okafor", experience="The EHCP review was cancelled.")
    SubmissionFactory(name="Someone Else")
    letter = attach_file(first, "Banding letter.pdf", b"%PDF-1.4\n%%EOF\n")

    sign_in(client, alice)
    found = client.get(LIST, {"q": "Okafor"})
    client.get(reverse("admin:evidence_submission_change", args=[first.pk]))
    client.get(reverse("admin:evidence_submission_change", args=[second.pk]))
    download = client.get(reverse("admin:evidence_submission_attachment", args=[first.pk, letter.pk]))
    export = client.get(reverse("admin:evidence_submission_export"), {"q": "Okafor"})
    b"".join(export.streaming_content)

    assert len(found.context["cl"].result_list) == 2
    assert download.status_code == 200
    export_id = EvidenceExport.objects.get().pk
    assert the_log() == [
        "alice  sign-in",
        "alice  search                                        Okafor",
        f"alice  view-submission  {first.reference}",
        f"alice  view-submission  {second.reference}",
        f"alice  download-file    {first.reference} file {letter.pk}",
        f"alice  export           {f'export {export_id}':<28} q=Okafor",
    ]

    print(f"\nThe audit log after Alice's morning ({timezone.localdate():%d %B %Y}):")
    for event, line in zip(AuditEvent.objects.order_by("at", "id"), the_log(), strict=True):
        print(f"  {timezone.localtime(event.at):%H:%M:%S}  {line}")
