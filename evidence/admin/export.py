"""Streaming the evidence export to the Education Team, and recording that it happened."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.utils import timezone

from evidence import triage
from evidence.export import csv_lines
from evidence.groups import can_see_evidence

EXPORT_PERMISSION = "evidence.export_submission"


def can_export(user) -> bool:
    return can_see_evidence(user) and user.has_perm(EXPORT_PERMISSION)


def export_response(request, queryset, *, filters: str) -> StreamingHttpResponse:
    """The CSV of ``queryset``; the EvidenceExport row is written first and gets its count at the end."""
    if not can_export(request.user):
        raise PermissionDenied
    record = triage.record_export(by=request.user, filters=filters)
    lines = csv_lines(queryset, on_done=lambda count: triage.finish_export(export=record, row_count=count))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="send-evidence-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
