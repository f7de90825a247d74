"""Rules about submissions used in more than one place, each written once.

- **Spam and restricted submissions don't count.** Every figure (dashboard, digest, tracker, later the
  public figures) leaves out spam and submissions whose processing a member asked us to restrict; only
  the counts by status show them. ``counted()`` on a queryset, or ``counted_q(prefix)``
  inside an aggregate that reaches submissions through a relation.
- **Reporting a programme** means a member's SV/DBV answer says Safety Valve, DBV or both
  (``IN_A_PROGRAMME``); "neither" and "not sure" are not reports.
- **The attachment count** is one correlated subquery, so a list of submissions never joins the files.
- **The search** of the Education Team's list (see ``SubmissionQuerySet.search``).
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Upper

from evidence.choices import IN_A_PROGRAMME, Status

if TYPE_CHECKING:
    # Named (as strings, which ruff does not read) in the QuerySet bases below.
    from evidence.models.submission import Submission, SvDbvAnswer  # noqa: F401

# Search words beyond the fifth are ignored: each one is another set of index scans.
SEARCH_WORDS = 5


def counted_q(prefix: str = "") -> Q:
    """Spam and restricted left out, for a lookup that reaches the submission through ``prefix``."""
    return ~Q(**{f"{prefix}status": Status.SPAM}) & Q(**{f"{prefix}restricted": False})


def count_of(model: type[models.Model]) -> Coalesce:
    """How many rows of ``model`` (with a ``submission`` key) each submission has: 0, never NULL."""
    rows = model._default_manager.filter(submission=OuterRef("pk")).order_by().values("submission")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def counted(self) -> "SubmissionQuerySet":
        return self.filter(counted_q())

    def reporting_programme(self, programmes: tuple[str, ...] = IN_A_PROGRAMME) -> "SubmissionQuerySet":
        """Submissions whose SV/DBV answer gives one of ``programmes`` (by default: any programme at all)."""
        answers = apps.get_model("evidence", "SvDbvAnswer")._default_manager.filter(
            submission=OuterRef("pk"), programme__in=programmes
        )
        return self.filter(Exists(answers))

    def with_attachment_count(self) -> "SubmissionQuerySet":
        if "attachment_total" in self.query.annotations:
            return self
        return self.annotate(attachment_total=count_of(apps.get_model("evidence", "Attachment")))

    def search(self, term: str) -> "SubmissionQuerySet":
        """Every word must appear in the reference, the member's words, a theme's details, the name or
        the email (the first five words count).

        All of those are in the submission's one search document (``evidence.models.search``), in
        capitals: one ``text LIKE '%' || UPPER(word) || '%'`` per word (folded to a constant when
        planned), which the document's trigram index serves on PostgreSQL.
        """
        words = term.split()[:SEARCH_WORDS]
        if not words:
            return self
        return self.filter(*(Q(search_document__text__contains=Upper(Value(word))) for word in words))


class SvDbvAnswerQuerySet(models.QuerySet["SvDbvAnswer"]):
    def counted(self) -> "SvDbvAnswerQuerySet":
        return self.filter(counted_q("submission__"))

    def reporting_programme(self) -> "SvDbvAnswerQuerySet":
        return self.filter(programme__in=IN_A_PROGRAMME)
