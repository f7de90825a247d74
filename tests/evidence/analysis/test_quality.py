"""The quality promise on the frozen test split: at least 0.8 precision averaged over the themes, each
at recall of at least 0.6, with thresholds picked on the dev split. A regression fails here."""

import pytest

from evidence.analysis import labelled
from evidence.models import ThemeModel

pytestmark = pytest.mark.django_db


def test_the_starter_model_meets_the_precision_and_recall_targets_on_the_test_split():
    figures = labelled.quality(ThemeModel.objects.get().data, labelled.load("test"))
    assert len(figures) == 6
    assert labelled.average_precision(figures) >= 0.8
    assert all(f.recall >= 0.6 for f in figures), figures


def test_the_test_split_is_big_enough_to_mean_something():
    test, dev = labelled.load("test"), labelled.load("dev")
    assert len(test) >= 60 and len(dev) >= 60
    assert {e.id for e in test}.isdisjoint(e.id for e in labelled.load("train"))
