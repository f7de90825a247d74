"""The subject-access action on the submission list: a ZIP of everything held about the chosen submissions.

For superusers and members of both the Education Team and the Data protection group
(``can_give_subject_access``); the ZIP is built by ``evidence.privacy.subject_access``, which records it.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone

from evidence.admin.access import staff_member
from evidence.models import Submission
from evidence.privacy.subject_access import personal_data_zip

# One member's submissions, not the whole list: a larger selection is almost certainly a mistake.
MOST_SUBMISSIONS = 100


@admin.action(description="Give personal data (subject access ZIP)", permissions=["subject_access"])
def give_personal_data(
    model_admin: admin.ModelAdmin[Submission], request: HttpRequest, queryset: QuerySet[Submission]
) -> FileResponse | None:
    ids = list(queryset.order_by().values_list("pk", flat=True)[: MOST_SUBMISSIONS + 1])
    if len(ids) > MOST_SUBMISSIONS:
        model_admin.message_user(
            request,
            f"Choose at most {MOST_SUBMISSIONS} submissions: search for the member's email address, then "
            "select their submissions.",
            messages.ERROR,
        )
        return None
    data = personal_data_zip(submissions=ids, by=staff_member(request).get_username(), via="admin")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = FileResponse(
        data.file, as_attachment=True, filename=f"personal-data-{stamp}.zip", content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
