"""A member sends evidence, a file included, with the keyboard alone (saving it to come back later on
the way, and continuing from the emailed link): at every stop the focused element
shows GOV.UK's focus style (read from its computed style), and each page passes axe with its
target-size rule (WCAG 2.5.8) switched on.
"""

import re

import pytest

from evidence.models import Submission
from tests.e2e.accessibility import audit_context, axe_violations
from tests.files import tiny_file

# live_server flushes the database; serialized_rollback brings back the themes and authorities.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# govuk-frontend's focus state: the yellow ($govuk-focus-colour) as a background, an outline or a box
# shadow; a radio or checkbox shows it on its label's ::before (the input itself is invisible).
FOCUS_STYLE_MISSING = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "nothing has focus";
  const yellow = "rgb(255, 221, 0)";
  const control = element.matches(".govuk-radios__input, .govuk-checkboxes__input");
  const style = getComputedStyle(control ? element.labels[0] : element, control ? "::before" : null);
  const styled = style.backgroundColor === yellow || style.boxShadow.includes(yellow)
    || (style.outlineColor === yellow && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 3);
  return styled ? "" : `${element.outerHTML.slice(0, 100)}: background ${style.backgroundColor},`
    + ` outline ${style.outline}, box-shadow ${style.boxShadow}`;
}"""
CONTINUE = "button.govuk-button:not(.govuk-button--secondary)"


class Keyboard:
    """Moves with Tab only, and checks the focus style at every stop on the way."""

    def __init__(self, page):
        self.page = page
        self.stops = 0
        self.unstyled: list[str] = []
        self.axe: dict[str, list[dict]] = {}

    def tab_to(self, selector: str) -> None:
        for _ in range(150):
            self.page.keyboard.press("Tab")
            self.stops += 1
            missing = self.page.evaluate(FOCUS_STYLE_MISSING)
            if missing:
                self.unstyled.append(f"{self.page.url}: {missing}")
            if self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def choose(self, selector: str) -> None:
        """A radio or checkbox: Tab to it, Space to choose it."""
        self.tab_to(selector)
        self.page.keyboard.press("Space")
        assert self.page.evaluate("(selector) => document.querySelector(selector).checked", selector)

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def press_enter_on(self, selector: str, path: str) -> None:
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.page.wait_for_url(re.compile(re.escape(path) + r"$"))
        self.check_page()

    def check_page(self) -> None:
        violations = axe_violations(self.page, target_size=True)
        if violations:
            self.axe[self.page.url] = violations


def test_a_member_sends_evidence_with_a_file_using_only_the_keyboard(browser, live_server, mailoutbox):
    context = audit_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Playwright asks the browser to hand over file choosers when the page's first "filechooser"
    # listener is added, without waiting for the answer: added at the key press, the Space could
    # beat it (CI saw the chooser never come). A listener from the start has it settled long before.
    choosers: list = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    keys = Keyboard(page)
    try:
        page.goto("/")
        keys.check_page()
        keys.press_enter_on(".govuk-button--start", "/evidence/")
        keys.press_enter_on(".govuk-button--start", "/evidence/send/about-you/")

        keys.choose("#id_role_1")
        keys.choose("#id_phase_1")
        keys.choose("#id_setting_1")
        keys.tab_to("#id_local_authority")
        page.keyboard.type("Kent")
        assert page.evaluate("() => document.activeElement.selectedOptions[0].text") == "Kent"
        keys.press_enter_on(CONTINUE, "/evidence/send/themes/")

        keys.choose("input[name=themes][value=workload]")
        keys.choose("input[name=themes][value=sv-dbv]")
        keys.press_enter_on(CONTINUE, "/evidence/send/workload/")

        keys.choose("#id_causes_1")
        keys.type_into("#id_details", "Annual reviews take a whole week.")
        keys.press_enter_on(CONTINUE, "/evidence/send/sv-dbv/")

        keys.choose("#id_programme_1")
        keys.choose("#id_plan_stage_1")
        keys.choose("#id_plan_published_1")
        keys.type_into("#id_plan_url", "https://www.gov.uk/government/publications/example-plan")
        keys.choose("#id_schools_consulted_1")
        keys.press_enter_on(CONTINUE, "/evidence/send/your-experience/")

        keys.type_into("#id_experience", "Our SENCO spends three days a week on EHCP paperwork.")
        keys.press_enter_on(CONTINUE, "/evidence/send/attachments/")

        keys.tab_to("#id_files")
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(
            files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": tiny_file("pdf")}]
        )
        assert choosers == [chooser.value]
        keys.press_enter_on("button[value=upload]", "/evidence/send/attachments/")
        assert page.locator(".govuk-notification-banner__heading").inner_text() == "plan.pdf added"
        keys.press_enter_on(CONTINUE, "/evidence/send/contact-details/")

        keys.type_into("#id_email", "erin@example.org")
        keys.press_enter_on("button[value=save]", "/evidence/send/save/?step=contact-details")
        assert page.input_value("#id_email") == "erin@example.org", "prefilled with what was typed"
        keys.press_enter_on(CONTINUE, "/evidence/send/saved/")
        link = re.search(r"https?://\S+(/evidence/return/[A-Za-z0-9_-]+/)", mailoutbox[-1].body).group(1)
        page.goto(link)
        keys.check_page()
        keys.press_enter_on(CONTINUE, "/evidence/send/contact-details/")
        assert page.input_value("#id_email") == "erin@example.org"
        keys.press_enter_on(CONTINUE, "/evidence/send/check-your-answers/")
        keys.press_enter_on(CONTINUE, "/evidence/sent/")
    finally:
        context.close()

    submission = Submission.objects.get()
    assert submission.theme_slugs == {"workload", "sv-dbv"}
    assert [a.original_name for a in submission.attachments.all()] == ["plan.pdf"]
    print(f"\n{keys.stops} Tab stops, every one checked for the focus style")
    assert keys.unstyled == []
    assert keys.axe == {}
