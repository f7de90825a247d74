"""The theme model (evidence.analysis.theme_model, training): plain JSON in the database, no rare
terms, deterministic, and learning from live labels."""

import json

import pytest

from evidence.analysis import labelled, training
from evidence.analysis.theme_model import Scorer, fit, pick_threshold
from evidence.choices import Status
from evidence.models import ThemeModel
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme

pytestmark = pytest.mark.django_db

BANDING_WORDS = (
    "The local authority banding panel moved our pupils to a lower band and cut the top-up funding."
)


def test_migrate_leaves_a_starter_model_trained_on_the_shipped_training_split():
    model = ThemeModel.objects.get()
    assert model.live_count == 0
    assert model.labelled_count == len(labelled.load("train")) >= 100
    assert set(model.data["themes"]) == {
        "workload",
        "banding",
        "notional-budgets",
        "training",
        "sv-dbv",
        "general",
    }


def test_the_stored_model_is_plain_json_of_terms_and_numbers():
    data = ThemeModel.objects.get().data
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"format", "vocabulary", "idf", "themes"}
    assert all(isinstance(term, str) for term in data["vocabulary"])
    assert len(data["idf"]) == len(data["vocabulary"]) == len(data["themes"]["banding"]["coef"])


def test_training_twice_on_the_same_words_gives_the_same_model():
    train = labelled.load("train")
    texts, labels = [e.text for e in train], [set(e.themes) for e in train]
    assert fit(texts=texts, labels=labels, themes=["banding"]) == fit(
        texts=texts, labels=labels, themes=["banding"]
    )


def canary_submissions(count: int, name: str) -> None:
    for number in range(count):
        SubmissionFactory(experience=f"Submission {number}: {name} is our SENCO and works every weekend.")


def test_a_name_used_in_four_submissions_is_not_kept():
    canary_submissions(4, "Quillborough")
    model = training.train_theme_model()
    assert model.live_count == 4
    assert "quillborough" not in model.data["vocabulary"]


def test_a_name_used_in_five_submissions_is_kept():
    canary_submissions(5, "Quillborough")
    assert "quillborough" in training.train_theme_model().data["vocabulary"]


def test_training_replaces_the_model_so_erased_words_leave_with_it():
    canary_submissions(5, "Quillborough")
    training.train_theme_model()
    from evidence.models import Submission

    Submission.objects.all().delete()
    model = training.train_theme_model()
    assert ThemeModel.objects.get() == model
    assert "quillborough" not in model.data["vocabulary"]


def test_live_labels_leave_out_spam_restricted_and_demo_submissions():
    SubmissionFactory(status=Status.SPAM)
    SubmissionFactory(restricted=True)
    SubmissionFactory(is_demo=True)
    SubmissionFactory()
    assert training.train_theme_model().live_count == 1


def test_accepted_suggestions_are_positives_and_rejected_ones_negatives():
    accepted = ThemeSuggestionFactory(theme=theme("banding"), state="accepted").submission
    rejected = ThemeSuggestionFactory(theme=theme("workload"), state="rejected").submission
    labels = training._labels_of([accepted.pk, rejected.pk])
    assert labels[accepted.pk] == {"workload", "banding"}
    assert labels[rejected.pk] == set()  # the member's workload, rejected by staff


def test_the_threshold_keeps_recall_at_six_in_ten():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    truth = [True, True, False, True, True, False]
    threshold = pick_threshold(scores, truth)
    picked = [t for s, t in zip(scores, truth, strict=True) if s >= threshold]
    assert sum(picked) / sum(truth) >= 0.6


def test_the_starter_model_suggests_banding_for_words_about_banding():
    assert "banding" in Scorer(ThemeModel.objects.get().data).suggested(BANDING_WORDS)
