"""Realistic fake evidence in bulk, for demonstrations and for measuring the admin at scale.

Rows are written with ``bulk_create`` in batches: the submissions, their theme links (the M2M through
rows) and one answer row per theme. Everything made here has ``is_demo=True``, so ``clear_demo`` removes
it and nothing else.
"""

import random
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from evidence import choices as c
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    LocalAuthority,
    Submission,
    SubmissionChange,
    Theme,
    TriageNote,
)
from evidence.models.submission import REFERENCE_ALPHABET

BATCH = 2000
OPENINGS = [
    "In my {setting} the SENCO is",
    "As a {role} I am",
    "Our {setting} has been",
    "Since September staff in my {setting} have been",
    "For the last two years we have been",
]
PRESSURES = [
    "spending most of the week on EHCP paperwork rather than with pupils",
    "waiting months for an educational psychologist to visit",
    "unable to get speech and language therapy for pupils who need it",
    "covering for teaching assistants whose posts were cut",
    "told that the notional SEN budget must cover more pupils than ever",
    "chasing the local authority for banding decisions that keep changing",
    "given no training on adapting lessons for pupils with autism",
    "left out of the authority's consultation on its Safety Valve plan",
]
CONSEQUENCES = [
    "Pupils with SEND are not getting the support they are entitled to.",
    "Two colleagues have left teaching this year because of the workload.",
    "Families are waiting over a year for an assessment.",
    "We have had to cut the nurture group that kept several pupils in school.",
    "Staff are working evenings and weekends just to keep up.",
    "Mainstream schools are expected to do more with less every term.",
]
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farhan",
    "Grace",
    "Hywel",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones"]
# Most evidence arrives untriaged; some has been worked on.
STATUS_WEIGHTS = {
    c.Status.NEW: 55,
    c.Status.IN_REVIEW: 15,
    c.Status.FOLLOW_UP: 10,
    c.Status.ACTIONED: 10,
    c.Status.CLOSED: 8,
    c.Status.SPAM: 2,
}
STATUSES, STATUS_WEIGHT_LIST = [str(s) for s in STATUS_WEIGHTS], list(STATUS_WEIGHTS.values())

# Enum ``.values`` is rebuilt on every access; read each once.
ROLES, PHASES, SETTINGS = c.Role.values, c.Phase.values, c.Setting.values
PRIORITIES, YES_NO = c.Priority.values, c.YesNoNotSure.values
PROGRAMMES, PLAN_STAGES, BANDING = c.Programme.values, c.PlanStage.values, c.BandingExperience.values
TRAINING_STAGES, PREPAREDNESS = c.TrainingStage.values, c.Preparedness.values
ROLE_LABELS, SETTING_LABELS = dict(c.Role.choices), dict(c.Setting.choices)


def _reference(rng: random.Random) -> str:
    chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SEND-{chars[:4]}-{chars[4:]}"


def _experience(rng: random.Random, role: str, setting: str) -> str:
    opening = rng.choice(OPENINGS).format(
        role=ROLE_LABELS[role].lower(), setting=SETTING_LABELS[setting].lower()
    )
    return f"{opening} {rng.choice(PRESSURES)}. {rng.choice(CONSEQUENCES)} {rng.choice(CONSEQUENCES)}"


def _answer(rng: random.Random, slug: str, submission: Submission, authorities: list[int]):
    model = ANSWER_MODELS[slug]
    details = f"{rng.choice(PRESSURES).capitalize()}. {rng.choice(CONSEQUENCES)}"
    fields = {"submission_id": submission.pk, "details": details}
    if slug == Theme.WORKLOAD:
        fields |= {
            name: rng.random() < 0.5
            for name in (
                "cause_specialist_service_cuts",
                "cause_external_agency_meetings",
                "cause_specialist_advice_delays",
                "cause_ehcp_processes",
            )
        }
    elif slug == Theme.BANDING:
        fields["experience"] = rng.choice(BANDING)
    elif slug == Theme.NOTIONAL_BUDGETS:
        fields["notional_budget_enough"] = rng.choice(YES_NO)
    elif slug == Theme.TRAINING:
        fields |= {"stage": rng.choice(TRAINING_STAGES), "preparedness": rng.choice(PREPAREDNESS)}
    elif slug == Theme.SV_DBV:
        fields |= {
            "local_authority_id": submission.local_authority_id or rng.choice(authorities),
            "programme": rng.choice(PROGRAMMES),
            "plan_stage": rng.choice(PLAN_STAGES),
            "plan_published": rng.choice(YES_NO),
            "schools_consulted": rng.choice(YES_NO),
            "problem_no_consultation": rng.random() < 0.4,
            "problem_mainstream_support_reduced": rng.random() < 0.4,
            "problem_specialist_cuts": rng.random() < 0.3,
            "problem_no_funding_for_new_services": rng.random() < 0.3,
        }
    return model(**fields)


@contextmanager
def _received_at_as_given():
    """``received_at`` is ``auto_now_add``; demo rows need dates spread over past weeks."""
    received = Submission._meta.get_field("received_at")
    received.auto_now_add = False
    try:
        yield
    finally:
        received.auto_now_add = True


def _new_submission(rng: random.Random, now, authorities: list[int], reference: str) -> Submission:
    role, setting = rng.choice(ROLES), rng.choice(SETTINGS)
    named = rng.random() < 0.6
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return Submission(
        reference=reference,
        received_at=now - timedelta(minutes=rng.randrange(0, 16 * 7 * 24 * 60)),
        role=role,
        phase=rng.choice(PHASES),
        setting=setting,
        local_authority_id=rng.choice(authorities) if rng.random() < 0.9 else None,
        experience=_experience(rng, role, setting),
        name=f"{first} {last}" if named else "",
        email=f"{first}.{last}{rng.randrange(1000)}@example.org".lower() if named else "",
        consent_to_contact=named and rng.random() < 0.7,
        consent_to_quote=rng.random() < 0.5,
        status=rng.choices(STATUSES, weights=STATUS_WEIGHT_LIST)[0],
        priority=rng.choices(PRIORITIES, weights=[2, 7, 1])[0],
        is_demo=True,
    )


def _write_batch(rng, now, size: int, authorities: list[int], themes: dict[str, int]) -> int:
    references = {_reference(rng) for _ in range(size)}
    references -= set(Submission.objects.filter(reference__in=references).values_list("reference", flat=True))
    submissions = [_new_submission(rng, now, authorities, ref) for ref in references]
    with _received_at_as_given():
        Submission.objects.bulk_create(submissions)
    if not connection.features.can_return_rows_from_bulk_insert:
        ids = dict(Submission.objects.filter(reference__in=references).values_list("reference", "pk"))
        for submission in submissions:
            submission.pk = ids[submission.reference]
    member_links, staff_links, answers = [], [], {slug: [] for slug in ANSWER_MODELS}
    for submission in submissions:
        chosen = rng.sample(list(themes), k=rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
        for slug in chosen:
            member_links.append(Submission.themes.through(submission_id=submission.pk, theme_id=themes[slug]))
            answers[slug].append(_answer(rng, slug, submission, authorities))
        if rng.random() < 0.05:
            extra = rng.choice(list(themes))
            staff_links.append(
                Submission.staff_themes.through(submission_id=submission.pk, theme_id=themes[extra])
            )
    Submission.themes.through.objects.bulk_create(member_links, batch_size=BATCH)
    Submission.staff_themes.through.objects.bulk_create(staff_links, batch_size=BATCH)
    for slug, rows in answers.items():
        ANSWER_MODELS[slug].objects.bulk_create(rows, batch_size=BATCH)
    return len(submissions)


def create_demo_submissions(
    count: int,
    *,
    seed: int | None = None,
    batch_size: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write about ``count`` demo submissions (a rare clash of references makes it a few fewer)."""
    rng = random.Random(seed)
    authorities = list(LocalAuthority.objects.values_list("pk", flat=True))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    now, made = timezone.now(), 0
    while made < count:
        with transaction.atomic():
            _defer_search_index_updates()
            made += _write_batch(rng, now, min(batch_size, count - made), authorities, themes)
        if progress:
            progress(made, count)
    _merge_search_index_updates()
    return made


def _defer_search_index_updates() -> None:
    """PostgreSQL: let the trigram indexes queue new rows and merge them in bulk, twice as fast."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")


def _merge_search_index_updates() -> None:
    """Fold the queued rows into the trigram indexes now, so the first search is not the one to pay."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE %s",
            ["%\\_trgm"],
        )


def clear_demo() -> int:
    """Delete every demo submission and what hangs off it, table by table (no per-row Python)."""
    demo = Submission.objects.filter(is_demo=True)
    with transaction.atomic():
        for model in (*ANSWER_MODELS.values(), Attachment, TriageNote, SubmissionChange):
            model.objects.filter(submission__in=demo.values("pk")).delete()
        for through in (Submission.themes.through, Submission.staff_themes.through):
            through.objects.filter(submission__in=demo.values("pk")).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Submission._meta.db_table} WHERE is_demo")  # noqa: S608
            return cursor.rowcount
