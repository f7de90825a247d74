"""The consultation as migrate loads it, or nothing at all. The people are tests/conftest.py's."""

import importlib

import pytest
from django.apps import apps

from consultation.models import Consultation

CONTENT_MIGRATION = importlib.import_module("consultation.migrations.0002_load_send_review_content")


@pytest.fixture
def send_review(db) -> Consultation:
    """The SEND Review consultation and the union's response, as the data migration loads them."""
    CONTENT_MIGRATION.load_content(apps, None)
    return Consultation.objects.get(slug=CONTENT_MIGRATION.SLUG)


@pytest.fixture
def no_consultations(db) -> None:
    """Start from nothing, for tests that build their own consultation."""
    Consultation.objects.all().delete()
