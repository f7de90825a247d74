"""Every step of "Send evidence" with all six themes chosen, each step's error state, the save-and-return
pages (and their error state), check your answers and the confirmation pass axe (every WCAG 2.x A/AA rule and best practice) and reflow at 320 px.
"""

import re

import pytest
from django.conf import settings

from tests.e2e.accessibility import Audit
from tests.files import tiny_file

# live_server flushes the database; serialized_rollback brings back the themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ALL_THEMES = [
    "Workload",
    "Local authority banding",
    "SEN notional budgets and SEND-related budget pressures",
    "SEND training and development",
    "Safety Valve (SV) and Delivering Better Value (DBV)",
    "Other experiences of the SEND system",
]


def continue_from(page, audit: Audit, name: str) -> None:
    """Continue with nothing (more) answered: the step's error state, checked."""
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    audit.check(page, f"{name} (errors)")


def too_long_details(page, audit: Audit, name: str) -> None:
    """A step with no required question: its error state is details over the length limit."""
    page.fill("#id_details", "word " * (settings.EVIDENCE_TEXT_MAX_CHARS // 5 + 1))
    continue_from(page, audit, name)
    page.fill("#id_details", "")


def continue_to(page, path: str) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def save_and_return(page, audit: Audit, mailoutbox) -> str:
    """Save from this step: the address page, its error, the confirmation, the link's page; Continue."""
    step = page.url
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_url("**/evidence/send/save/**")
    audit.check(page, "save and come back later")
    page.fill("#id_email", "not an address")
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_selector(".govuk-error-summary")
    audit.check(page, "save and come back later (errors)")
    page.fill("#id_email", "erin@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_url("**/evidence/send/saved/")
    audit.check(page, "form saved")
    link = re.search(r"https?://\S+(/evidence/return/[A-Za-z0-9_-]+/)", mailoutbox[-1].body).group(1)
    page.goto(link)
    audit.check(page, "continue your saved form")
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_url(step)
    return link


def test_every_step_its_errors_check_your_answers_and_the_confirmation_pass_axe_and_reflow(
    audit_page, mailoutbox
):
    page, audit = audit_page, Audit()
    page.goto("/evidence/send/")
    page.wait_for_url("**/evidence/send/about-you/")
    audit.check(page, "about you")
    continue_from(page, audit, "about you")
    page.check("#id_role_1")
    page.check("#id_phase_2")
    page.check("#id_setting_1")
    page.select_option("#id_local_authority", label="Kent")
    continue_to(page, "/evidence/send/themes/")

    audit.check(page, "themes")
    continue_from(page, audit, "themes")
    for name in ALL_THEMES:
        page.get_by_label(name, exact=True).check()
    continue_to(page, "/evidence/send/workload/")

    audit.check(page, "workload")
    too_long_details(page, audit, "workload")
    page.get_by_label("EHCP processes").check()
    continue_to(page, "/evidence/send/banding/")

    audit.check(page, "banding")
    continue_from(page, audit, "banding")
    page.check("#id_experience_1")
    continue_to(page, "/evidence/send/notional-budgets/")

    audit.check(page, "notional budgets")
    continue_from(page, audit, "notional budgets")
    page.check("#id_notional_budget_enough_1")
    continue_to(page, "/evidence/send/training/")

    audit.check(page, "training")
    continue_from(page, audit, "training")
    page.check("#id_stage_1")
    page.check("#id_preparedness_1")
    continue_to(page, "/evidence/send/sv-dbv/")

    audit.check(page, "SV/DBV")
    continue_from(page, audit, "SV/DBV")
    page.check("#id_programme_1")
    page.check("#id_plan_stage_2")
    page.check("#id_plan_published_1")
    page.wait_for_selector("#id_plan_url", state="visible")
    audit.check(page, "SV/DBV with the plan's link revealed")
    page.fill("#id_plan_url", "not a link")
    continue_from(page, audit, "SV/DBV with a bad link")
    page.fill("#id_plan_url", "https://www.gov.uk/government/publications/example-plan")
    page.check("#id_schools_consulted_2")
    continue_to(page, "/evidence/send/general/")

    audit.check(page, "general")
    too_long_details(page, audit, "general")
    continue_to(page, "/evidence/send/your-experience/")

    audit.check(page, "your experience")
    continue_from(page, audit, "your experience")
    page.fill("#id_experience", "Our SENCO spends three days a week on EHCP paperwork.")
    continue_to(page, "/evidence/send/attachments/")

    audit.check(page, "attachments")
    page.set_input_files(
        "#id_files", files=[{"name": "run.exe", "mimeType": "application/pdf", "buffer": b"MZ"}]
    )
    page.get_by_role("button", name="Upload files").click()
    page.wait_for_selector(".govuk-error-summary")
    audit.check(page, "attachments (errors)")
    page.set_input_files(
        "#id_files", files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": tiny_file("pdf")}]
    )
    page.get_by_role("button", name="Upload files").click()
    page.wait_for_selector(".govuk-summary-list")
    audit.check(page, "attachments with a file added")
    continue_to(page, "/evidence/send/contact-details/")

    audit.check(page, "contact details")
    page.fill("#id_email", "not an address")
    continue_from(page, audit, "contact details")
    page.fill("#id_email", "erin@example.org")
    link = save_and_return(page, audit, mailoutbox)
    continue_to(page, "/evidence/send/check-your-answers/")

    audit.check(page, "check your answers")
    page.get_by_role("button", name="Send evidence").click()
    page.wait_for_url("**/evidence/sent/")
    audit.check(page, "confirmation")
    page.goto(link)
    audit.check(page, "saved form's link after sending")
    page.goto("/evidence/return/no-such-token/")
    audit.check(page, "saved form's link expired")
    audit.assert_clean()
