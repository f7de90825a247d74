"""Demo rows drawn column by column: one ``random.choices(..., k=n)`` per field, no model instances.

A chunk (``DemoChunk``) holds plain tuples in the order of ``SUBMISSION_FIELDS`` and ``ANSWER_FIELDS``,
ready for ``COPY`` or ``bulk_create`` (see ``evidence.demo.seed``). The words come from
``evidence.demo.words``.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate, combinations
from typing import Any

from evidence import choices as c
from evidence.demo.words import CONSEQUENCES, FIRST_NAMES, LAST_NAMES, OPENINGS, PRESSURES
from evidence.models import Theme
from evidence.models.submission import REFERENCE_ALPHABET
from evidence.models.theme_flags import flags_of

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

STATUS_CUM_WEIGHTS = list(accumulate(STATUS_WEIGHT_LIST))
PRIORITY_CUM_WEIGHTS = list(accumulate([2, 7, 1]))
# How many themes a member picks: one, two or three, in these proportions.
THEME_COUNT_WEIGHTS = {1: 6, 2: 3, 3: 1}
RECEIVED_SPAN_MINUTES = 16 * 7 * 24 * 60  # received over the past 16 weeks
# Every opening already filled in for each role and setting.
OPENING_TEXT = {
    (role, setting): [
        opening.format(role=ROLE_LABELS[role].lower(), setting=SETTING_LABELS[setting].lower())
        for opening in OPENINGS
    ]
    for role in ROLES
    for setting in SETTINGS
}
ANSWER_DETAILS = [
    f"{pressure.capitalize()}. {consequence}" for pressure in PRESSURES for consequence in CONSEQUENCES
]

SUBMISSION_FIELDS = (
    "reference",
    "received_at",
    "role",
    "phase",
    "setting",
    "local_authority_id",
    "experience",
    "name",
    "email",
    "consent_to_contact",
    "consent_to_quote",
    "status",
    "priority",
    "is_demo",
    "theme_flags",
)
WORKLOAD_CAUSES = (
    "cause_specialist_service_cuts",
    "cause_external_agency_meetings",
    "cause_specialist_advice_delays",
    "cause_ehcp_processes",
)
# Each SV/DBV problem ticked with this probability.
SV_DBV_PROBLEMS = {
    "problem_no_consultation": 0.4,
    "problem_mainstream_support_reduced": 0.4,
    "problem_specialist_cuts": 0.3,
    "problem_no_funding_for_new_services": 0.3,
}
# The fields drawn for each theme's answer rows, after ``submission_id``.
ANSWER_FIELDS = {
    Theme.WORKLOAD: ("details", *WORKLOAD_CAUSES),
    Theme.BANDING: ("details", "experience"),
    Theme.NOTIONAL_BUDGETS: ("details", "notional_budget_enough"),
    Theme.TRAINING: ("details", "stage", "preparedness"),
    Theme.SV_DBV: (
        "details",
        "local_authority_id",
        "programme",
        "plan_stage",
        "plan_published",
        "schools_consulted",
        *SV_DBV_PROBLEMS,
    ),
    Theme.GENERAL: ("details",),
}


@dataclass
class DemoChunk:
    """One chunk of demo rows; links and answers name their submission by its index in ``submissions``."""

    submissions: list[tuple] = field(default_factory=list)  # SUBMISSION_FIELDS
    theme_links: list[tuple[int, str]] = field(default_factory=list)  # (index, theme slug)
    staff_links: list[tuple[int, str]] = field(default_factory=list)
    answers: dict[str, list[tuple]] = field(default_factory=dict)  # slug: (index, *ANSWER_FIELDS[slug])


def _flags(rng: random.Random, n: int, probability: float) -> list[bool]:
    return [rng.random() < probability for _ in range(n)]


def draw_references(rng: random.Random, n: int) -> list[str]:
    chars = "".join(rng.choices(REFERENCE_ALPHABET, k=8 * n))
    return [f"SEND-{chars[i : i + 4]}-{chars[i + 4 : i + 8]}" for i in range(0, 8 * n, 8)]


def _theme_picks(slugs: Sequence[str]) -> tuple[list[tuple[str, ...]], list[float]]:
    """Every set of one to three themes, weighted so the count follows THEME_COUNT_WEIGHTS and each set
    of a given size is equally likely (what ``random.sample(slugs, k)`` gives)."""
    picks, weights = [], []
    for k, weight in THEME_COUNT_WEIGHTS.items():
        sets = list(combinations(slugs, k))
        if not sets:
            continue
        picks += sets
        weights += [weight / len(sets)] * len(sets)
    return picks, list(accumulate(weights))


def generate_chunk(
    rng: random.Random, now: datetime, references: list[str], authorities: list[int], slugs: list[str]
) -> DemoChunk:
    n = len(references)
    roles, settings = rng.choices(ROLES, k=n), rng.choices(SETTINGS, k=n)
    las: list[int | None] = rng.choices(authorities, k=n) if authorities else [None] * n
    las = [la if keep else None for la, keep in zip(las, _flags(rng, n, 0.9), strict=True)]
    experience = [
        f"{OPENING_TEXT[role, setting][opening]} {pressure}. {first} {second}"
        for role, setting, opening, pressure, first, second in zip(
            roles,
            settings,
            rng.choices(range(len(OPENINGS)), k=n),
            rng.choices(PRESSURES, k=n),
            rng.choices(CONSEQUENCES, k=n),
            rng.choices(CONSEQUENCES, k=n),
            strict=True,
        )
    ]
    named = _flags(rng, n, 0.6)
    firsts, lasts = rng.choices(FIRST_NAMES, k=n), rng.choices(LAST_NAMES, k=n)
    names = [f"{f} {la}" if is_named else "" for f, la, is_named in zip(firsts, lasts, named, strict=True)]
    emails = [
        f"{f}.{la}{number}@example.org".lower() if is_named else ""
        for f, la, number, is_named in zip(firsts, lasts, rng.choices(range(1000), k=n), named, strict=True)
    ]
    chunk = DemoChunk()
    chunk.submissions = list(
        zip(
            references,
            [now - timedelta(minutes=m) for m in rng.choices(range(RECEIVED_SPAN_MINUTES), k=n)],
            roles,
            rng.choices(PHASES, k=n),
            settings,
            las,
            experience,
            names,
            emails,
            [is_named and agree for is_named, agree in zip(named, _flags(rng, n, 0.7), strict=True)],
            _flags(rng, n, 0.5),
            rng.choices(STATUSES, cum_weights=STATUS_CUM_WEIGHTS, k=n),
            rng.choices(PRIORITIES, cum_weights=PRIORITY_CUM_WEIGHTS, k=n),
            [True] * n,
            strict=True,
        )
    )
    picks, cum_weights = _theme_picks(slugs)
    owners: dict[str, list[int]] = {slug: [] for slug in slugs}
    for index, chosen in enumerate(rng.choices(picks, cum_weights=cum_weights, k=n)):
        for slug in chosen:
            chunk.theme_links.append((index, slug))
            owners[slug].append(index)
    tagged = [index for index, yes in enumerate(_flags(rng, n, 0.05)) if yes]
    chunk.staff_links = list(zip(tagged, rng.choices(slugs, k=len(tagged)), strict=True))
    # theme_flags: written with the rows, since COPY and bulk_create send no m2m_changed.
    chosen_by_index: dict[int, list[str]] = {}
    for index, slug in chunk.theme_links + chunk.staff_links:
        chosen_by_index.setdefault(index, []).append(slug)
    chunk.submissions = [
        (*row, flags_of(chosen_by_index.get(index, ()))) for index, row in enumerate(chunk.submissions)
    ]
    for slug, indexes in owners.items():
        chunk.answers[slug] = list(
            zip(indexes, *_answer_columns(rng, slug, indexes, las, authorities), strict=True)
        )
    return chunk


def _answer_columns(
    rng: random.Random, slug: str, owners: list[int], las: list[int | None], authorities: list[int]
) -> list[list[Any]]:
    """The columns of ANSWER_FIELDS[slug] for the answer rows of submissions ``owners``."""
    m = len(owners)
    columns: list[list[Any]] = [rng.choices(ANSWER_DETAILS, k=m)]
    if slug == Theme.WORKLOAD:
        columns += [_flags(rng, m, 0.5) for _ in WORKLOAD_CAUSES]
    elif slug == Theme.BANDING:
        columns.append(rng.choices(BANDING, k=m))
    elif slug == Theme.NOTIONAL_BUDGETS:
        columns.append(rng.choices(YES_NO, k=m))
    elif slug == Theme.TRAINING:
        columns += [rng.choices(TRAINING_STAGES, k=m), rng.choices(PREPAREDNESS, k=m)]
    elif slug == Theme.SV_DBV:
        # The authority the member gave, else one drawn: every SV/DBV report names an authority.
        drawn: list[int | None] = rng.choices(authorities, k=m) if authorities else [None] * m
        columns += [
            [las[index] or other for index, other in zip(owners, drawn, strict=True)],
            rng.choices(PROGRAMMES, k=m),
            rng.choices(PLAN_STAGES, k=m),
            rng.choices(YES_NO, k=m),
            rng.choices(YES_NO, k=m),
            *(_flags(rng, m, probability) for probability in SV_DBV_PROBLEMS.values()),
        ]
    return columns
