"""The privacy notice the evidence form links to, from about-you and contact details."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_covers_what_why_special_category_who_how_long_and_rights(client, settings):
    settings.EVIDENCE_RETENTION_DAYS = 365

    page = client.get("/privacy/").content.decode()

    for heading in [
        "What we collect",
        "Why we collect it",
        "Trade union membership is special category data",
        "Who sees it",
        "How long we keep it",
        "Your rights",
    ]:
        assert heading in page, heading
    assert "Article 9(2)(d)" in page
    assert "Only the NASUWT's Education Team" in page
    assert "We keep your evidence for 365 days" in page
    assert "withdraw a consent" in page
