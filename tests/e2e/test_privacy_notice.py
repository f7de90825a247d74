"""The privacy notice in Chromium: its headings in order, its links named, and no axe violation."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_privacy_notice_is_accessible_from_the_footer(page):
    page.goto("/")
    page.get_by_role("link", name="Privacy notice").click()

    assert page.locator("h1").inner_text() == "Privacy notice"
    assert page.get_by_role("heading", level=2, name="Your rights").is_visible()
    assert page.get_by_role("link", name="ico.org.uk/make-a-complaint").is_visible()
    assert page.console.errors == []
    assert_accessible(page)
