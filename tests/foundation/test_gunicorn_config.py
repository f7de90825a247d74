"""gunicorn's hooks (nasuwt_send/gunicorn_config.py): each worker freezes what it loaded."""

import gc

import pytest

from nasuwt_send import gunicorn_config


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_worker_freezes_the_loaded_application_so_collections_skip_it(unfrozen):
    assert gc.get_freeze_count() == 0

    gunicorn_config.post_worker_init(worker=None)

    assert gc.get_freeze_count() > 10_000  # Django, its apps and models, loaded by the test run
    assert gc.get_count()[0] < 100, "collected first, so the young generation starts empty"
