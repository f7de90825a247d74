"""Every response carries the security headers: CSP, Permissions-Policy, nosniff, frame-deny, referrer.

Public pages, a cached page served from the cache, the journey, the admin, the charts and every error
page (400, 403, CSRF failure, 404, 429, 500). The browser test (tests/e2e/test_content_security_policy.py)
checks that nothing on those pages breaks the policy.
"""

import pytest
from django.test import Client

from tests.factories import SubmissionFactory
from tests.journeys import answer_steps_before_contact
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

REQUIRED_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def assert_secure_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = [part.strip() for part in policy.split(";")]
    for directive in REQUIRED_DIRECTIVES:
        assert directive in directives, f"{directive} missing from {policy}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/privacy/",
        "/accessibility/",
        "/response/",
        "/response/union-response/",
        "/response/questions/",
        "/response/questions/6/",
        "/response/search/?q=mediation",
        "/response/downloads/nasuwt-answers.json",
        "/evidence/",
        "/evidence/themes/workload/",
        "/healthz",
        "/admin/login/",
    ],
)
def test_every_public_page_carries_the_headers(client, path):
    assert_secure_headers(client.get(path))


def test_a_page_served_from_the_cache_carries_them_and_no_nonce(client):
    client.get("/response/questions/6/")

    cached = client.get("/response/questions/6/")

    assert_secure_headers(cached)
    assert "nonce-" not in cached["Content-Security-Policy"]


def test_every_step_of_the_journey_carries_them(client):
    answer_steps_before_contact(client)
    for path in [
        "/evidence/send/about-you/",
        "/evidence/send/attachments/",
        "/evidence/send/contact-details/",
    ]:
        assert_secure_headers(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/evidence/submission/",
        "/admin/evidence/submission/dashboard/",
        "/admin/evidence/localauthority/tracker/",
        "/admin/evidence/outboundemail/",
        "/admin/consultation/question/",
    ],
)
def test_the_admin_and_its_charts_carry_them(client, alice, dave, path):
    SubmissionFactory(themes=["workload"])
    sign_in(client, dave)

    response = client.get(path)

    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_submission_page_and_the_export_carry_them(client, alice):
    submission = SubmissionFactory(themes=["workload"])
    sign_in(client, alice)

    assert_secure_headers(client.get(f"/admin/evidence/submission/{submission.pk}/change/"))


@pytest.mark.urls("tests.foundation.failing_urls")
def test_every_error_page_carries_them(settings, alice):
    settings.DEBUG = False
    visitor = Client(raise_request_exception=False)
    csrf_checked = Client(enforce_csrf_checks=True)
    staff_outside_the_team = sign_in(Client(), alice)

    pages = {
        400: visitor.get("/", HTTP_HOST="not-our-site.example"),
        403: staff_outside_the_team.get("/admin/auth/user/"),
        404: visitor.get("/no-such-page/"),
        500: visitor.get("/broken/"),
    }
    csrf_failure = csrf_checked.post("/evidence/send/about-you/", {})

    assert {status: page.status_code for status, page in pages.items()} == {
        400: 400,
        403: 403,
        404: 404,
        500: 500,
    }
    assert csrf_failure.status_code == 403
    for page in [*pages.values(), csrf_failure]:
        assert_secure_headers(page)


def test_the_rate_limited_page_carries_them(settings, redis_url):
    settings.RATELIMIT_ENABLE = True
    settings.EVIDENCE_START_RATE_LIMIT = "1/h"
    Client().get("/evidence/send/")

    response = Client().get("/evidence/send/")

    assert response.status_code == 429
    assert_secure_headers(response)
