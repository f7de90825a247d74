"""Chromium enforces the site's Content-Security-Policy on every page, and nothing breaks it.

Every public page, every step of the member's journey (the same walk as test_evidence_journey.py, with
JavaScript on) and the admin pages, charts included, in a browser context that does not bypass the
policy. A violation shows as a ``securitypolicyviolation`` event in the page or as the browser's
console complaint; either fails the test, as does a script error. (A missing resource is not the
policy's business: the 404 page is one, and the admin has no favicon.) Staff are signed in through ``tests/staff.py``'s ``sign_in``
on a Django test client, whose session cookie the browser then carries.
"""

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e.test_evidence_journey import send_evidence_in_the_browser
from tests.factories import QuoteFactory, SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/accessibility/",
    "/response/",
    "/response/union-response/",
    "/response/questions/",
    "/response/questions/6/",
    "/response/search/?q=mediation",
    "/evidence/",
    "/evidence/themes/workload/",
    "/evidence/themes/sv-dbv/",
    "/what-members-told-us/",
    "/no-such-page/",
]


def assert_no_violation(page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.policy.violations() == [], page.url
    assert [error for error in page.console.errors if "Failed to load resource" not in error] == [], page.url


def visit(page, path: str) -> None:
    page.goto(path)
    assert_no_violation(page)


def test_no_public_page_breaks_the_policy(csp_page):
    for path in PUBLIC_PAGES:
        visit(csp_page, path)
    # Served from the page cache the second time: still no nonce needed, nothing blocked.
    visit(csp_page, "/response/questions/6/")


def test_no_step_of_the_journey_breaks_the_policy(csp_page):
    send_evidence_in_the_browser(csp_page, javascript=True, check=assert_no_violation)


def signed_in_browser(page, live_server, person) -> None:
    client = sign_in(Client(), person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_no_admin_page_breaks_the_policy(csp_page, live_server, dave):
    submission = SubmissionFactory(themes=["workload", "sv-dbv"], consent_to_quote=True, name="Erin Evans")
    quote = QuoteFactory(submission=submission, text="Erin said Mrs Patel at Hillside School was there.")
    signed_in_browser(csp_page, live_server, dave)

    for path in [
        "/admin/",
        "/admin/evidence/submission/",
        "/admin/evidence/submission/?status__exact=new&theme=workload",
        f"/admin/evidence/submission/{submission.pk}/change/",
        "/admin/evidence/submission/dashboard/",
        "/admin/evidence/localauthority/tracker/",
        "/admin/evidence/localauthority/",
        "/admin/evidence/programmemembership/add/",
        "/admin/evidence/outboundemail/",
        "/admin/evidence/outboundemail/digest-preview/",
        "/admin/evidence/evidenceexport/",
        f"/admin/evidence/quote/select/{submission.pk}/",
        f"/admin/evidence/quote/{quote.pk}/change/",
        "/admin/evidence/quote/",
        "/admin/consultation/consultation/",
        "/admin/consultation/question/",
        "/admin/consultation/question/1/change/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/evidence/submission/?nonsense=1",
    ]:
        visit(csp_page, path)


def test_the_admin_sign_in_page_and_its_form_break_no_policy(csp_page):
    visit(csp_page, "/admin/login/")
    csp_page.get_by_label("Username").fill("nobody")
    csp_page.get_by_label("Password").fill("wrong password")
    csp_page.get_by_role("button", name="Log in").click()
    assert_no_violation(csp_page)
