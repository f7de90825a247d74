"""The submissions the admin hands to its hooks, typed as what they are.

Django's admin passes querysets to ``get_search_results``, list filters and actions typed as a plain
``QuerySet[Submission]``; what it passes is what Submission's default manager made, a
``SubmissionQuerySet``, with ``search()``, ``with_attachment_count()`` and the rest.
"""

from typing import cast

from django.db.models import QuerySet

from evidence.models import Submission, SubmissionQuerySet


def submission_queryset(queryset: QuerySet[Submission]) -> SubmissionQuerySet:
    return cast(SubmissionQuerySet, queryset)
