"""The admin list's submissions for a query string, outside a request: the seam a list pack uses.

The worker has no request, so one is made from the list's own query string and the person who asked,
and Django's ChangeList applies the same filters and search the list applied on screen. The pack's
figures then match the list's for the same filter, by construction.
"""

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from evidence.admin.querysets import submission_queryset
from evidence.models import Submission, SubmissionQuerySet

LIST_PATH = "/admin/evidence/submission/"


def list_submissions(query_string: str, by: User | None) -> SubmissionQuerySet:
    request = RequestFactory().get(f"{LIST_PATH}?{query_string}")
    request.user = by if by is not None else AnonymousUser()
    model_admin = admin.site.get_model_admin(Submission)
    changelist = model_admin.get_changelist_instance(request)
    return submission_queryset(changelist.queryset)
