"""The targets of issue 13 on the labelled set, on the worker's real path: at least 95% of the edited
template-letter copies grouped with another copy of their campaign, at most 2% of the other
submissions grouped at all, on the frozen test split (and on the whole set)."""

import os
from pathlib import Path

import pytest

from evidence.analysis import group_quality

pytestmark = pytest.mark.django_db

DIRECTORY = Path(os.environ.get("EVIDENCE_LABELLED_DIR") or group_quality.LABELLED)


@pytest.fixture(scope="module")
def labelled():
    if not (DIRECTORY / "test.jsonl").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"The labelled set is missing from {DIRECTORY}.")
        pytest.skip(f"The labelled set is not in {DIRECTORY} (set EVIDENCE_LABELLED_DIR).")
    return group_quality.labelled_rows(directory=DIRECTORY)


def test_groups_find_the_campaign_copies_and_leave_the_others_alone(labelled):
    grouped = group_quality.group_all(labelled)
    for splits in (("test",), group_quality.SPLITS):
        quality = group_quality.score(labelled, grouped, splits)
        assert quality.copies >= 8
        assert quality.recall >= group_quality.RECALL_TARGET, splits
        assert quality.false_grouping <= group_quality.FALSE_GROUPING_TARGET, splits
