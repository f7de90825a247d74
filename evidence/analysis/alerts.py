"""Alerts for what needs action today: an email to the Education Team, in the worker after a
submission commits.

Rules:

- **When**: a member reports their authority (in the SV/DBV answers) as in the Safety Valve or DBV
  programme and the known list (``ProgrammeMembership``) does not have it in that programme
  ("not-listed"); or reports that schools are being consulted on its plan while no plan is published:
  the member does not say it is and the known list holds no published plan ("consulting"). Spam and
  restricted submissions raise nothing.
- **At most one email per authority per kind per day** (London): the outbox row's idempotency key is
  ``alert:<kind>:<GSS code>:<date>``; a second report that day finds it and writes nothing.
- **No personal data**: the authority, the programme, how many reports (counted submissions to date)
  and a link to the admin list of those reports. Never a reference, a name or a member's words.
- **Through the outbox** to ``EVIDENCE_ALERT_EMAILS`` (which falls back to ``EDUCATION_TEAM_EMAILS``),
  queued on the ``mail`` queue after commit.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from evidence.analysis.compiled import CompiledQuery
from evidence.choices import KnownProgramme, PlanStage, Programme, YesNoNotSure
from evidence.mail.messages import make_message, write_email
from evidence.mail.queue import send_after_commit
from evidence.models import (
    LocalAuthority,
    OutboundEmail,
    ProgrammeMembership,
    SvDbvAnswer,
    SvDbvAnswerQuerySet,
)
from evidence.weeks import LONDON

NOT_LISTED = "not-listed"
CONSULTING = "consulting"
# The programmes a member's answer puts the authority in.
REPORTED_AS = {
    KnownProgramme.SV: (Programme.SV, Programme.BOTH),
    KnownProgramme.DBV: (Programme.DBV, Programme.BOTH),
}
# The link lists at most this many reports (the count says how many in all).
LINKED_REPORTS = 200


@dataclass(frozen=True)
class Alert:
    kind: str
    authority: str
    programmes: list[str]
    count: int
    url: str


def alert_key(kind: str, authority: LocalAuthority) -> str:
    today = timezone.now().astimezone(LONDON).date()
    return f"alert:{kind}:{authority.gss_code}:{today.isoformat()}"


def raise_alerts(*, submission_id: int) -> list[OutboundEmail]:
    """Write (and queue after commit) the alerts this submission raises that were not sent today."""
    if not settings.EVIDENCE_ALERT_EMAILS:
        return []
    answer = _answer_with_authority(submission_id)
    if answer is None or answer.local_authority is None:
        return []
    written = []
    with transaction.atomic():
        for alert in _alerts(answer, answer.local_authority):
            email, created = write_email(
                kind=OutboundEmail.Kind.ALERT,
                key=alert_key(alert.kind, answer.local_authority),
                to=settings.EVIDENCE_ALERT_EMAILS,
                message=make_message(f"alert-{alert.kind}", {"alert": alert}),
            )
            if created:
                send_after_commit(email)
                written.append(email)
    return written


# The fields the alerts read, in the models' field order (as ``from_db`` takes them); any other is
# deferred, read if ever touched, as ``only()`` would leave it.
ANSWER_FIELDS = [
    f.attname
    for f in SvDbvAnswer._meta.concrete_fields
    if f.name in {"id", "submission", "local_authority", "programme", "plan_stage", "plan_published"}
]
AUTHORITY_FIELDS = [
    f.attname for f in LocalAuthority._meta.concrete_fields if f.name in {"id", "gss_code", "name"}
]
# Compiled once per process (evidence.analysis.compiled): every sent submission asks, most have no
# authority reported, and compiling the query cost 0.45 ms of the worker's CPU, more than running it.
_answer_row = CompiledQuery(
    lambda submission_id: (
        SvDbvAnswer.objects.counted()
        .filter(submission_id=submission_id, local_authority__isnull=False)
        .order_by()
        .values_list(*ANSWER_FIELDS, *(f"local_authority__{f}" for f in AUTHORITY_FIELDS))
    )
)


def _answer_with_authority(submission_id: int) -> SvDbvAnswer | None:
    """The submission's counted SV/DBV answer naming an authority, with that authority."""
    rows = _answer_row.rows(submission_id)
    if not rows:
        return None
    answer_values, authority_values = rows[0][: len(ANSWER_FIELDS)], rows[0][len(ANSWER_FIELDS) :]
    answer = SvDbvAnswer.from_db(DEFAULT_DB_ALIAS, ANSWER_FIELDS, answer_values)
    answer.local_authority = LocalAuthority.from_db(DEFAULT_DB_ALIAS, AUTHORITY_FIELDS, authority_values)
    return answer


def _alerts(answer: SvDbvAnswer, authority: LocalAuthority) -> list[Alert]:
    memberships = list(ProgrammeMembership.objects.filter(local_authority=authority))
    known = {m.programme for m in memberships}
    reported = [p for p, answers in REPORTED_AS.items() if answer.programme in answers]
    alerts = []
    unlisted = [p for p in reported if p not in known]
    # Asked once: an answer of both programmes, neither listed, asked it twice.
    not_listed = unlisted if unlisted and not _sent_today(NOT_LISTED, authority) else []
    if not_listed:
        answers = SvDbvAnswer.objects.counted().filter(
            local_authority=authority,
            programme__in={a for p in not_listed for a in REPORTED_AS[KnownProgramme(p)]},
        )
        alerts.append(_alert(NOT_LISTED, authority, not_listed, answers))
    consulting = (
        reported
        and answer.plan_stage == PlanStage.SCHOOLS_CONSULTED
        and answer.plan_published != YesNoNotSure.YES
        and not any(m.plan_published_url for m in memberships)
    )
    if consulting and not _sent_today(CONSULTING, authority):
        answers = (
            SvDbvAnswer.objects.counted()
            .reporting_programme()
            .filter(local_authority=authority, plan_stage=PlanStage.SCHOOLS_CONSULTED)
            .exclude(plan_published=YesNoNotSure.YES)
        )
        alerts.append(_alert(CONSULTING, authority, reported, answers))
    return alerts


def _sent_today(kind: str, authority: LocalAuthority) -> bool:
    return OutboundEmail.objects.filter(idempotency_key=alert_key(kind, authority)).exists()


def _alert(
    kind: str, authority: LocalAuthority, programmes: Sequence[str], answers: SvDbvAnswerQuerySet
) -> Alert:
    ids = list(answers.order_by("-submission_id").values_list("submission_id", flat=True))
    return Alert(
        kind=kind,
        authority=authority.name,
        programmes=[KnownProgramme(p).label for p in programmes],
        count=len(ids),
        url=_admin_list(ids[:LINKED_REPORTS]),
    )


def _admin_list(submission_ids: list[int]) -> str:
    path = reverse("admin:evidence_submission_changelist")
    query = urlencode({"id__in": ",".join(str(i) for i in sorted(submission_ids))})
    return f"{settings.SITE_URL}{path}?{query}"
