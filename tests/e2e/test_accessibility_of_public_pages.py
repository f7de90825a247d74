"""Every public page passes axe (every WCAG 2.x A/AA rule and best practice) and reflows at 320 px."""

import itertools

import pytest

from tests.e2e.accessibility import REFLOW_WIDTH, Audit

# live_server flushes the database; serialized_rollback brings back the content, themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THEMES = ["workload", "banding", "notional-budgets", "training", "sv-dbv", "general"]
PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/accessibility/",
    "/evidence/",
    *[f"/evidence/themes/{slug}/" for slug in THEMES],
    "/response/",
    "/response/union-response/",
    "/response/questions/",
    *[f"/response/questions/{number}/" for number in range(1, 22)],
    "/response/search/",
    "/response/search/?q=mediation",
    "/response/search/?q=",
    "/what-members-told-us/",
    "/no-such-page/",
]


def test_every_public_page_passes_axe_and_reflows_at_320_pixels(audit_page):
    audit = Audit()
    for path in PUBLIC_PAGES:
        audit_page.goto(path)
        audit.check(audit_page, path)
    audit.assert_clean()


def test_footer_links_are_targets_of_at_least_24_pixels_at_320_pixels(audit_page):
    """WCAG 2.5.8: each link at least 24 px tall, and no two links overlap."""
    audit_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    audit_page.goto("/")
    boxes = [link.bounding_box() for link in audit_page.locator(".govuk-footer a").all()]
    assert len(boxes) == 5
    for box in boxes:
        assert box["height"] >= 24, boxes
    for one, other in itertools.combinations(boxes, 2):
        apart_across = one["x"] + one["width"] <= other["x"] or other["x"] + other["width"] <= one["x"]
        apart_down = one["y"] + one["height"] <= other["y"] or other["y"] + other["height"] <= one["y"]
        assert apart_across or apart_down, (one, other)
