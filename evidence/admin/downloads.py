"""What leaves the admin as a file: a member's attachment, and the CSV export of the list.

Attachments are sent as downloads and never shown inline, named by their stem and the extension of
the type their content showed on upload (``invoice.hta`` holding text downloads as ``invoice.txt``);
staff still see the member's own name as text on the submission's page. Every download is in the audit
log, and every export is recorded before its first row leaves (``evidence.triage.export``, and the
audit log).
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone

from evidence.admin.access import staff_member
from evidence.admin.querysets import submission_queryset
from evidence.models import Attachment, Submission
from evidence.privacy import audit
from evidence.submissions.file_types import download_mime, download_name
from evidence.triage.access import can_export
from evidence.triage.export import finish_export, record_export
from evidence.triage.export_files import csv_chunks


def download_attachment(attachment: Attachment, *, by: User) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is no longer stored.") from None
    audit.record_download(by=by.get_username(), attachment=attachment)
    # The type was sniffed from the content on upload; a type we do not accept goes as plain bytes.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=download_mime(attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def export_response(
    request: HttpRequest, queryset: QuerySet[Submission], *, filters: str
) -> StreamingHttpResponse:
    """The CSV of ``queryset``; the EvidenceExport row is written first and gets its count at the end."""
    if not can_export(request.user):
        raise PermissionDenied
    by = staff_member(request)
    record = record_export(by=by, filters=filters)
    audit.record_export(by=by.get_username(), export=record)
    chunks = csv_chunks(
        submission_queryset(queryset), on_done=lambda count: finish_export(export=record, row_count=count)
    )
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="send-evidence-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
