"""The privacy notice at /privacy/ promises only what the code does: one test per promise about the software.

The promises kept by the retention purge, the clean-up of abandoned forms, erasure, subject access,
corrections, restriction, the audit log and the weekly figures' survival are tested in
test_privacy_notice_rights.py, against the commands and models that deliver them. The whole stack's
"nothing personal in logs, broker, cache, digest or public pages" is
tests/integration/test_no_personal_data_canary.py; here each part is checked through the test client.

Promises the notice makes that software cannot keep (who the controller is, the lawful bases, what the
union does with evidence, that administrators look only to fix a problem, that nothing is sold or
shared, how quotes are anonymised, the right to object and to complain) are the union's to keep.
"""

import logging
import os
import re
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from evidence import digest
from evidence.models import Attachment, OutboundEmail, SavedForm, Submission, WeeklyFigure, count_in
from evidence.storage import AttachmentStorage
from evidence.weeks import IsoWeek
from tests.emails import assert_email_contains, assert_email_lacks
from tests.factories import SubmissionFactory, attach_file
from tests.files import tiny_file, upload
from tests.foundation.test_settings import PRODUCTION, django
from tests.journeys import answer_evidence_steps, evidence_answers, send_evidence
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

NAME, EMAIL, NUMBER = "Perpetua Wrenfield", "p.wrenfield@example.org", "NAS44556"
WORDS = "The banding panel met twice in the whole autumn term."


def notice(client) -> str:
    response = client.get("/privacy/")
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def member_answers() -> dict[str, dict]:
    answers = evidence_answers()
    answers["your-experience"] = {"experience": WORDS}
    answers["contact-details"] = {
        "name": NAME,
        "email": EMAIL,
        "membership_number": NUMBER,
        "consent_to_contact": "on",
    }
    return answers


def personal(text: str) -> list[str]:
    return [value for value in (NAME, EMAIL, NUMBER, WORDS) if value.lower() in text.lower()]


# --- The page itself ------------------------------------------------------------------------------


def test_it_covers_who_what_why_who_sees_how_long_protection_and_rights_under_one_h1(client):
    html = client.get("/privacy/").content.decode()

    assert html.count("<h1") == 1
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', html)
    assert headings == [
        "Who we are",
        "What we collect",
        "While you fill in the form",
        "Why we collect it",
        "Trade union membership is special category data",
        "Who sees it",
        "We record what our staff do with it",
        "How long we keep it",
        "How we protect it",
        "Your rights",
    ]
    assert "Article 9(2)(d)" in html
    assert "<style" not in html and "style=" not in html and "<script>" not in html


# --- How long we keep it --------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "words"), [(365, "for 365 days"), (1, "for 1 day"), (730, "for 730 days")])
def test_the_retention_period_it_states_is_the_setting_the_purge_uses(client, settings, days, words):
    settings.EVIDENCE_RETENTION_DAYS = days

    assert f"We keep your evidence {words} from the day you send it." in notice(client)


def test_with_a_retention_of_0_days_it_says_until_the_end_of_the_day_you_send_it(client, settings):
    settings.EVIDENCE_RETENTION_DAYS = 0

    page = notice(client)

    assert "We keep your evidence until the end of the day you send it." in page
    assert not re.search(r"\b0 days", page)


def test_the_operator_may_set_a_retention_of_0_days():
    code = "from django.conf import settings as s; print(s.EVIDENCE_RETENTION_DAYS)"

    result = django(code, {**PRODUCTION, "EVIDENCE_RETENTION_DAYS": "0"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_the_weekly_figures_count_each_dimension_on_its_own_with_nothing_personal(client):
    page = notice(client)
    submission = SubmissionFactory(name=NAME, email=EMAIL, membership_number=NUMBER, experience=WORDS)

    count_in(submission)

    assert "by theme, by role, by phase, by type of setting, by local authority and by programme" in page
    dimensions = set(WeeklyFigure.objects.values_list("dimension", flat=True))
    assert dimensions <= {"all", "theme", "role", "phase", "setting", "authority", "programme"}
    for figure in WeeklyFigure.objects.all():
        assert ":" not in figure.value and "," not in figure.value, f"a combined value: {figure}"
        assert personal(f"{figure.week} {figure.value}") == []


# --- We record what our staff do with it -----------------------------------------------------------


def test_the_audit_log_period_it_states_is_the_setting_its_purge_uses(client, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 90

    page = notice(client)

    assert "We delete each entry after 90 days." in page
    assert "we keep the words searched for in this record too" in page


# --- While you fill in the form -------------------------------------------------------------------


def test_the_session_length_it_states_is_the_one_each_form_session_gets(client, settings):
    settings.SESSION_COOKIE_AGE = 6 * 60 * 60
    assert "your session ends 6 hours after the last page you saved" in notice(client)

    client.get("/evidence/send/")
    client.post("/evidence/send/about-you/", evidence_answers()["about-you"])

    session = Session.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(hours=6)
    assert abs((session.expire_date - expected).total_seconds()) < 60


def test_the_saved_form_link_lasts_as_long_as_it_states_and_the_email_holds_no_answer(client, settings):
    settings.SAVE_RETURN_DAYS = 3
    assert "The link works for 3 days." in notice(client)
    assert "The email contains the link and when it expires, never your answers." in notice(client)
    client.get("/evidence/send/")
    client.post("/evidence/send/about-you/", {**evidence_answers()["about-you"], "action": "save"})

    client.post("/evidence/send/save/?step=about-you", {"email": EMAIL})

    saved = SavedForm.objects.get()
    assert saved.expires_at - saved.created_at == timedelta(days=3)
    assert_email_lacks(OutboundEmail.objects.get(kind="save"), "senco", "Kent", "primary")


def test_sending_deletes_the_waiting_copy_of_the_attached_files(
    client, settings, django_capture_on_commit_callbacks
):
    assert "When you send your evidence, we delete that waiting copy." in notice(client)
    answer_evidence_steps(client, evidence_answers(), files=[upload("plan.pdf", tiny_file("pdf"))])
    [journey_folder] = list((settings.EVIDENCE_ATTACHMENT_ROOT / "pending").iterdir())
    assert [path.name for path in journey_folder.iterdir()], "the file waits while the member fills in"

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evidence/send/check-your-answers/")

    assert not journey_folder.exists()
    assert Attachment.objects.get().file.read() == tiny_file("pdf")


# --- What we collect ------------------------------------------------------------------------------


def test_every_contact_detail_is_optional(client):
    assert "Every contact detail is optional" in notice(client)
    answers = evidence_answers()
    answers["contact-details"] = {"name": "", "email": "", "membership_number": ""}

    response = send_evidence(client, answers)

    assert response.status_code == 302 and response.url == reverse("evidence:sent")
    submission = Submission.objects.get()
    assert (submission.name, submission.email, submission.membership_number) == ("", "", "")
    assert not OutboundEmail.objects.exists(), "no address, no email"


def test_the_email_address_brings_the_member_their_reference_and_nothing_else_about_them(client):
    assert "We use your email address to send you your reference" in notice(client)

    send_evidence(client, member_answers())

    submission = Submission.objects.get()
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    assert email.recipients == [EMAIL]
    assert_email_contains(email, submission.reference)
    assert_email_lacks(email, NAME, EMAIL, NUMBER, WORDS)


# --- Who sees it ----------------------------------------------------------------------------------


def test_only_the_education_team_and_administrators_see_evidence_and_its_files(
    client, alice, bob, charlie, dave, erin
):
    page = notice(client)
    assert "Only the NASUWT's Education Team can see your evidence" in page
    assert "Staff who edit this website's content cannot." in page
    submission = SubmissionFactory(name=NAME, email=EMAIL, experience=WORDS)
    attachment = attach_file(submission, "letter.pdf", tiny_file("pdf"))
    pages = [
        reverse("admin:evidence_submission_changelist"),
        reverse("admin:evidence_submission_change", args=[submission.pk]),
        reverse("admin:evidence_submission_attachment", args=[submission.pk, attachment.pk]),
    ]

    answers = {}
    for person in (alice, dave, bob, charlie, erin):
        client.logout()
        if person.is_staff:
            sign_in(client, person)
        else:
            client.force_login(person)  # a member, not staff: no second factor
        answers[person.username] = [client.get(path).status_code for path in pages]

    assert answers == {
        "alice": [200, 200, 200],
        "dave": [200, 200, 200],
        "bob": [403, 403, 403],
        "charlie": [403, 403, 403],
        "erin": [302, 302, 302],  # to the staff sign-in page
    }


# --- How we protect it ----------------------------------------------------------------------------


def test_the_service_is_only_offered_over_an_encrypted_connection():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"

    result = django(code, PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_files_are_kept_under_made_up_names_with_no_web_address_readable_by_the_service_only(client):
    page = notice(client)
    assert "stored under names we make up, away from the public website" in page
    assert "where only the service itself can read them" in page
    previous = os.umask(0o022)
    try:
        send_evidence(client, member_answers(), files=[upload(f"{NAME}.pdf", tiny_file("pdf"))])
    finally:
        os.umask(previous)

    attachment = Attachment.objects.get()
    path = Path(attachment.file.path)
    assert "Wrenfield" not in attachment.file.name and attachment.original_name == f"{NAME}.pdf"
    with pytest.raises(ValueError):
        AttachmentStorage().url(attachment.file.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_nothing_the_member_gives_us_reaches_the_log_even_at_debug_level(client, caplog):
    assert "We keep your name, email address, membership number and words out of our system logs" in (
        notice(client)
    )

    with caplog.at_level(logging.DEBUG):
        send_evidence(client, member_answers(), files=[upload(f"{NAME}.txt", f"{WORDS}\n".encode())])
        client.get("/evidence/sent/")

    assert Submission.objects.get().name == NAME
    written = "\n".join(record.getMessage() for record in caplog.records)
    assert personal(written) == []


def test_the_weekly_summary_email_holds_nothing_the_member_gave_us(
    client, django_capture_on_commit_callbacks
):
    assert "out of the Education Team's weekly summary email" in notice(client)
    send_evidence(client, member_answers())

    with django_capture_on_commit_callbacks(execute=True):
        email, _ = digest.send_weekly_digest(week=IsoWeek.current())

    assert email is not None
    assert_email_contains(email, Submission.objects.get().reference)
    assert_email_lacks(email, NAME, EMAIL, NUMBER, WORDS)


def test_no_public_page_shows_anything_the_member_gave_us(client):
    assert "off every public page" in notice(client)
    send_evidence(client, member_answers())
    client.logout()
    client.cookies.clear()

    paths = ["/", "/privacy/", "/accessibility/", "/evidence/", "/response/", "/response/union-response/"]
    paths += ["/response/questions/", "/response/search/?q=banding"]
    paths += [f"/response/questions/{number}/" for number in range(1, 22)]
    paths += [f"/evidence/themes/{slug}/" for slug in ("workload", "banding", "sv-dbv", "general")]
    paths += ["/response/downloads/nasuwt-answers.json", "/response/downloads/nasuwt-answers.csv"]
    shown = {path: personal(client.get(path).content.decode()) for path in paths}

    assert {path: found for path, found in shown.items() if found} == {}
