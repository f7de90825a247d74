"""Save and come back later in Chromium, with and without JavaScript: a member saves on step four, opens
the emailed link in a fresh browser, finds every answer and file, and sends; the acknowledgement goes;
the link then says the evidence was already sent, and the first browser's form has ended.
"""

import re
import time

import pytest

from evidence.models import OutboundEmail, SavedForm, Submission
from tests.files import tiny_file

# live_server flushes the database; serialized_rollback brings back the themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = re.compile(r"https?://\S+(/evidence/return/[A-Za-z0-9_-]+/)")


def continue_to(page, path: str) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def fresh_page(browser, live_server, *, javascript: bool):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def answer_up_to_step_four_and_attach_a_file(page) -> None:
    page.goto("/evidence/send/")
    page.wait_for_url("**/evidence/send/about-you/")
    page.check("#id_role_1")
    page.check("#id_phase_2")
    page.check("#id_setting_1")
    page.select_option("#id_local_authority", label="Kent")
    continue_to(page, "/evidence/send/themes/")
    page.get_by_label("Workload").check()
    page.get_by_label("Safety Valve (SV) and Delivering Better Value (DBV)").check()
    continue_to(page, "/evidence/send/workload/")
    page.get_by_label("EHCP processes").check()
    page.fill("#id_details", "Annual reviews take a whole week of the SENCO's time.")
    continue_to(page, "/evidence/send/sv-dbv/")
    page.check("#id_programme_1")
    page.check("#id_plan_stage_2")
    page.check("#id_plan_published_2")
    page.check("#id_schools_consulted_2")
    continue_to(page, "/evidence/send/your-experience/")
    page.fill("#id_experience", "Our SENCO spends three days a week on EHCP paperwork.")
    continue_to(page, "/evidence/send/attachments/")
    page.set_input_files(
        "#id_files", files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": tiny_file("pdf")}]
    )
    page.get_by_role("button", name="Upload files").click()
    page.wait_for_selector("text=plan.pdf added")
    # Back to step four (SV/DBV) to add something, unfinished, before the bell.
    page.goto("/evidence/send/sv-dbv/")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_member_saves_on_step_four_and_sends_from_another_browser(
    browser, live_server, mailoutbox, javascript
):
    started = time.monotonic()
    first = fresh_page(browser, live_server, javascript=javascript)
    answer_up_to_step_four_and_attach_a_file(first)
    first.check("#id_plan_published_1")
    first.fill("#id_plan_url", "not a link yet")
    first.get_by_role("button", name="Save and come back later").click()
    first.wait_for_url("**/evidence/send/save/?step=sv-dbv")
    first.fill("#id_email", "erin at school")
    first.get_by_role("button", name="Send me a link").click()
    assert "Enter an email address in the correct format" in first.inner_text(".govuk-error-summary")
    assert first.input_value("#id_email") == "erin at school"
    first.fill("#id_email", "erin@example.org")
    first.get_by_role("button", name="Send me a link").click()
    first.wait_for_url("**/evidence/send/saved/")
    assert "erin@example.org" in first.inner_text("main")

    (email,) = mailoutbox
    assert email.to == ["erin@example.org"]
    assert "Annual reviews" not in email.body and "Kent" not in email.body
    link = LINK.search(email.body).group(1)
    row = OutboundEmail.objects.get(kind="save")
    assert row.status == "sent" and row.text_body == row.html_body == "", "the link is not kept"

    # Another browser: the link first shows a button only; Continue moves the form here.
    second = fresh_page(browser, live_server, javascript=javascript)
    second.goto(link)
    assert "Continue your saved form" in second.inner_text("h1")
    continue_to(second, "/evidence/send/sv-dbv/")
    assert second.input_value("#id_plan_url") == "not a link yet", "what was typed, unchecked"
    second.fill("#id_plan_url", "https://www.gov.uk/government/publications/example-plan")
    continue_to(second, "/evidence/send/your-experience/")
    assert "three days a week" in second.input_value("#id_experience")
    continue_to(second, "/evidence/send/attachments/")
    assert "plan.pdf" in second.inner_text(".govuk-summary-list")
    continue_to(second, "/evidence/send/contact-details/")
    second.fill("#id_email", "erin@example.org")
    continue_to(second, "/evidence/send/check-your-answers/")
    answers = second.inner_text("main")
    assert "Annual reviews take a whole week" in answers and "plan.pdf" in answers and "Kent" in answers
    second.get_by_role("button", name="Send evidence").click()
    second.wait_for_url("**/evidence/sent/")

    submission = Submission.objects.get()
    assert submission.sv_dbv.plan_url == "https://www.gov.uk/government/publications/example-plan"
    assert [a.original_name for a in submission.attachments.all()] == ["plan.pdf"]
    ack = OutboundEmail.objects.get(kind="ack")
    assert ack.status == "sent" and ack.to == "erin@example.org"
    assert SavedForm.objects.get().status == "used"

    second.goto(link)
    assert second.inner_text("h1") == "Your evidence has already been sent"
    first.goto("/evidence/send/sv-dbv/")
    first.wait_for_url("**/evidence/send/about-you/")
    assert first.input_value("#id_local_authority") == "", "the first browser's form ended"
    first.context.close()
    second.context.close()
    elapsed = time.monotonic() - started
    print(f"\nsave and return {'with' if javascript else 'without'} JavaScript: {elapsed:.1f} s")
    assert elapsed < 120
