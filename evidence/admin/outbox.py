"""The outbox in the admin: read-only, with "Send again" for failed rows and a digest preview.

Acknowledgement rows hold members' addresses, so only the Education Team and superusers see them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from evidence.admin.access import EducationTeamOnly, ReadOnly
from evidence.digest import build_digest, digest_message
from evidence.mail import queue
from evidence.models import OutboundEmail
from evidence.triage.access import can_see_evidence
from evidence.weeks import IsoWeek

# Every column, and all of them read-only.
FIELDS = (
    "kind",
    "idempotency_key",
    "message_id",
    "to",
    "subject",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "claimed_at",
    "first_attempt_at",
    "next_attempt_at",
    "not_queued",
    "sent_at",
    "text_body",
)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnly, EducationTeamOnly, admin.ModelAdmin[OutboundEmail]):
    list_display = ["idempotency_key", "kind", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["kind", "status"]
    search_fields = ["idempotency_key", "subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = FIELDS
    readonly_fields = FIELDS

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return can_see_evidence(request.user) and request.user.has_perm("evidence.change_outboundemail")

    @admin.display(description="Message-ID")
    def message_id(self, email: OutboundEmail) -> str:
        return email.message_id

    @admin.action(description="Send again (failed emails only)", permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        resent = queue.resend_failed(queryset.values_list("id", flat=True))
        skipped = queryset.count() - resent
        self.message_user(request, f"{resent} failed email{pluralize(resent)} queued to send again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} email{pluralize(skipped)} left alone: only failed emails are sent again.",
                messages.WARNING,
            )

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "digest-preview/",
            self.admin_site.admin_view(self.digest_preview_view),
            name="evidence_outboundemail_digest_preview",
        )
        return [preview, *super().get_urls()]

    def digest_preview_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        which = "current" if request.GET.get("week") == "current" else "last"
        week = IsoWeek.current() if which == "current" else IsoWeek.last_complete()
        digest = build_digest(week)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Digest preview: {week}",
            "which": which,
            "digest": digest,
            "message": digest_message(digest),
        }
        return TemplateResponse(request, "admin/evidence/outboundemail/digest_preview.html", context)
