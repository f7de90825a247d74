"""How well near-duplicate groups find template-letter campaigns, on the labelled set (issue 13).

The labelled set (``evidence/analysis/labelled/{train,dev,test}.jsonl``, frozen; its README says how it
was made) marks each edited copy of a template letter with its campaign's id. Every row is sent down
the worker's real path (a submission, then ``find_group``), and then:

- **recall over the copies**: the share of campaign copies grouped with at least one other copy of the
  same campaign (target: at least 0.95);
- **false grouping**: the share of the other submissions that ended up in any group (target: at most
  0.02).

Used by ``bench/analysis_groups.py`` (which prints the figures) and by a test that holds the targets.
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from evidence.analysis import groups
from evidence.choices import Phase, Role, Setting
from evidence.models import ANSWER_MODELS, GeneralAnswer, Submission, SubmissionSignature, Theme

LABELLED = Path(settings.BASE_DIR) / "evidence" / "analysis" / "labelled"
SPLITS = ("train", "dev", "test")
RECALL_TARGET = 0.95
FALSE_GROUPING_TARGET = 0.02


@dataclass
class GroupQuality:
    copies: int = 0
    copies_found: int = 0
    others: int = 0
    others_grouped: int = 0
    seconds_per_submission: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.copies_found / self.copies if self.copies else 0.0

    @property
    def false_grouping(self) -> float:
        return self.others_grouped / self.others if self.others else 0.0


def labelled_rows(splits: tuple[str, ...] = SPLITS, directory: Path = LABELLED) -> list[dict[str, Any]]:
    rows = []
    for split in splits:
        with (directory / f"{split}.jsonl").open(encoding="utf-8") as lines:
            rows += [{**json.loads(line), "split": split} for line in lines if line.strip()]
    return rows


def send(row: dict[str, Any]) -> Submission:
    """The row as a member would have sent it: the experience, and each ticked theme's details."""
    submission = Submission.objects.create(
        role=Role.CLASSROOM_TEACHER,
        phase=Phase.PRIMARY,
        setting=Setting.MAINTAINED,
        experience=row["experience"],
    )
    details = row.get("details") or {}
    submission.themes.set(Theme.objects.filter(slug__in=list(details) or [Theme.GENERAL]))
    for slug, text in details.items():
        model = ANSWER_MODELS.get(slug, GeneralAnswer)
        # The answers' other columns do not matter here; only their details are the member's words.
        model._default_manager.bulk_create([model(submission=submission, details=text or "")])
    return submission


def own_words_of(row: dict[str, Any]) -> str:
    """As ``shingles.own_words`` reads a submission: the experience, then each theme's details."""
    details = row.get("details") or {}
    parts = [row["experience"], *(details.get(slug, "") for slug in ANSWER_MODELS)]
    return "\n".join(part for part in parts if part)


@dataclass
class Grouped:
    group_of: dict[str, int | None]
    seconds_per_submission: list[float]


def group_all(rows: list[dict[str, Any]]) -> Grouped:
    """Send every row and group each in turn, as the worker does (each ``find_group`` timed)."""
    sent: dict[str, int] = {}
    seconds = []
    for row in rows:
        submission = send(row)
        started = time.perf_counter()
        groups.find_group(submission_id=submission.pk)
        seconds.append(time.perf_counter() - started)
        sent[row["id"]] = submission.pk
    found = dict(SubmissionSignature.objects.filter(pk__in=sent.values()).values_list("pk", "group_id"))
    return Grouped({row_id: found.get(pk) for row_id, pk in sent.items()}, seconds)


def score(rows: list[dict[str, Any]], grouped: Grouped, splits: tuple[str, ...] = SPLITS) -> GroupQuality:
    """Recall over the copies and false grouping among ``rows`` of ``splits``."""
    members: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        group = grouped.group_of.get(row["id"])
        if group is not None:
            members.setdefault(group, []).append(row)
    quality = GroupQuality(seconds_per_submission=grouped.seconds_per_submission)
    for row in rows:
        if row["split"] not in splits:
            continue
        group = grouped.group_of.get(row["id"])
        if row.get("campaign"):
            quality.copies += 1
            together = members.get(group, []) if group is not None else []
            quality.copies_found += any(
                o is not row and o.get("campaign") == row["campaign"] for o in together
            )
        else:
            quality.others += 1
            quality.others_grouped += group is not None
    return quality
