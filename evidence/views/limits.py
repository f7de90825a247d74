"""The member's allowances per client and hour: journeys started, files uploaded and their bytes, and
save-and-return emails (per client and, separately, per address).

Counted before the work is done (a new session row, files written to the pending area), so a flood
costs a counter, not disk or database. Over an allowance the member gets the friendly "too many
requests" page and keeps their journey. The final "Send" has its own limit (``evidence/views/send.py``).
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from nasuwt_send.rate_limits import spend, spend_rate

HOUR_SECONDS = 60 * 60


def count_journey_start(request: HttpRequest) -> None:
    spend_rate(request, group="evidence-start", rate=settings.EVIDENCE_START_RATE_LIMIT)


def count_uploads(request: HttpRequest, files: list[UploadedFile]) -> None:
    spend_rate(
        request, group="evidence-upload-files", rate=settings.EVIDENCE_UPLOAD_RATE_LIMIT, amount=len(files)
    )
    spend(
        request,
        group="evidence-upload-bytes",
        allowance=settings.EVIDENCE_UPLOAD_BYTES_PER_HOUR,
        period_seconds=HOUR_SECONDS,
        amount=sum(uploaded.size or 0 for uploaded in files),
    )


def count_save_return_email(request: HttpRequest, email: str) -> None:
    rate = settings.SAVE_RETURN_RATE_LIMIT
    spend_rate(request, group="save-return-client", rate=rate)
    spend_rate(request, group="save-return-address", rate=rate, counted_for=email.strip().lower())
