"""In Chromium, a member's refused files get their messages next to the file field and in the error
summary, with the fake clamd (tests/clamd.py) scanning what passes the other checks.
"""

import re

import pytest

from evidence.models import Attachment
from tests.clamd import FakeClamd
from tests.files import bad_file, tiny_file

# live_server flushes the database; serialized_rollback brings back the themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXPERIENCE = "Our SENCO spends three days a week on EHCP paperwork."


@pytest.fixture
def clamd(settings):
    fake = FakeClamd()
    settings.CLAMD_SOCKET = fake.tcp_address
    settings.CLAMD_TIMEOUT_SECONDS = 2
    yield fake
    fake.close()


def continue_to(page, path: str) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def walk_to_the_attachments_page(page) -> None:
    page.goto("/evidence/send/")
    page.wait_for_url("**/evidence/send/about-you/")
    page.check("#id_role_1")
    page.check("#id_phase_2")
    page.check("#id_setting_1")
    page.select_option("#id_local_authority", label="Kent")
    continue_to(page, "/evidence/send/themes/")
    page.check("input[name=themes][value=general]")
    continue_to(page, "/evidence/send/general/")
    continue_to(page, "/evidence/send/your-experience/")
    page.fill("#id_experience", EXPERIENCE)
    continue_to(page, "/evidence/send/attachments/")


def file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": content}


def test_refused_files_are_named_next_to_the_field_and_the_good_one_is_kept(page, clamd):
    walk_to_the_attachments_page(page)

    page.set_input_files(
        "#id_files",
        files=[
            file("letter.docm", bad_file("docm")),
            file("plan.pdf", tiny_file("pdf")),
            file("script.pdf", bad_file("pdf_object_stream_js")),
            file("eicar.txt", bad_file("eicar")),
        ],
    )
    page.get_by_role("button", name="Upload files").click()
    page.wait_for_selector(".govuk-error-summary")

    expected = [
        "letter.docm contains macros. Save it without macros and upload it again",
        "script.pdf contains JavaScript. Print it to a new PDF and upload that instead",
        "eicar.txt contains a virus. Delete it and choose a different file",
    ]
    group = page.locator(".govuk-form-group--error")
    messages = [" ".join(text.split()) for text in group.locator(".govuk-error-message").all_inner_texts()]
    assert messages == [f"Error: {m}" for m in expected]
    assert group.locator("#id_files").count() == 1, "the messages sit in the file field's own group"
    described_by = group.locator("#id_files").get_attribute("aria-describedby").split()
    assert described_by == ["id_files_hint", "id_files_1_error", "id_files_2_error", "id_files_3_error"]
    assert page.locator(".govuk-error-summary__list a").all_inner_texts() == expected
    assert page.title().startswith("Error: Attach files")
    assert page.locator(".govuk-summary-list__key").all_inner_texts() == ["plan.pdf"]
    assert clamd.scanned == [tiny_file("pdf"), bad_file("eicar")], (
        "only files that passed every other check reach the scanner"
    )

    page.locator(".govuk-error-summary__list a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_files"

    page.get_by_role("link", name="Back").click()
    page.wait_for_url("**/evidence/send/your-experience/")
    assert page.input_value("#id_experience") == EXPERIENCE
    assert not Attachment.objects.exists()
    assert page.console.errors == []
