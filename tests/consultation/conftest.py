import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

from consultation.models import Consultation
from tests.factories import UserFactory

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


@pytest.fixture
def alice(db):
    """A content editor: staff, allowed to view consultations."""
    user = UserFactory(username="alice", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_consultation"))
    return user


@pytest.fixture
def bob(db):
    """Staff in another team, without permission to see consultation content."""
    return UserFactory(username="bob", is_staff=True)


@pytest.fixture
def charlie(db):
    """A member with an account but not staff."""
    return UserFactory(username="charlie")
