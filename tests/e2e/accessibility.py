"""The accessibility checks the axe and reflow tests share (issue 15).

Rules:
- axe-core comes from node_modules and is injected into the page, so the page's browser context must
  be made with ``bypass_csp=True`` (``audit_context``); the Content-Security-Policy tests use their own
  contexts and never this one.
- Every WCAG 2.0, 2.1 and 2.2 A and AA rule and every best-practice rule runs, with target size
  (WCAG 2.5.8, which axe leaves off unless asked); any violation, of any impact, fails. The one exception is ``aria-allowed-attr`` for ``aria-expanded`` on GOV.UK radios that
  reveal a question (alphagov/govuk-frontend#979): only that rule, only that attribute, only on those
  inputs.
- Reflow (WCAG 1.4.10) at 320 CSS pixels: no horizontal scroll, with and without the WCAG 1.4.12
  text-spacing styles.
"""

from tests.conftest import need
from tests.e2e.conftest import AXE

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

# Runs axe, then takes out the one documented exception; returns what is left, per rule.
RUN_AXE = """async ([tags, rules]) => {
  const options = {runOnly: {type: "tag", values: tags}, rules: rules, resultTypes: ["violations"]};
  const results = await axe.run(document, options);
  const excepted = (node) => {
    const element = document.querySelector(node.target[0]);
    const attributes = node.any.concat(node.all, node.none).flatMap((check) => check.data || []);
    return element !== null
      && element.matches("input.govuk-radios__input[type=radio][aria-controls]")
      && attributes.length > 0
      && attributes.every((attribute) => attribute.startsWith("aria-expanded="));
  };
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes
      .filter((node) => !(violation.id === "aria-allowed-attr" && excepted(node)))
      .map((node) => node.target.join(" ")),
  })).filter((violation) => violation.nodes.length > 0);
}"""

# WCAG 1.4.12's text-spacing bookmarklet values, with !important so they beat the page's own.
TEXT_SPACING = """
* {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-bottom: 2em !important; }
"""

REFLOW_WIDTH = 320


def audit_context(browser, live_server=None):
    """A browser context axe can be injected into whatever the Content-Security-Policy says."""
    return browser.new_context(base_url=live_server.url if live_server else None, bypass_csp=True)


def axe_violations(page, *, target_size: bool = False) -> list[dict]:
    """``target_size``: also axe's WCAG 2.5.8 rule, which axe leaves off unless asked."""
    need(AXE.exists(), "axe-core", "run `npm ci` in the project folder")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    rules = {"target-size": {"enabled": True}} if target_size else {}
    return page.evaluate(RUN_AXE, [AXE_TAGS, rules])


def page_width_at_320(page) -> dict[str, int]:
    """The document's scroll width at a 320 px viewport, plain and with text spacing (then restored)."""
    original = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    measure = "() => document.documentElement.scrollWidth"
    try:
        plain = page.evaluate(measure)
        style = page.add_style_tag(content=TEXT_SPACING)
        spaced = page.evaluate(measure)
        style.evaluate("element => element.remove()")
    finally:
        page.set_viewport_size(original)
    return {"plain": plain, "text spacing": spaced}


class Audit:
    """Checks page after page and keeps every finding, so one run reports them all."""

    def __init__(self):
        self.axe: dict[str, list[dict]] = {}
        self.reflow: dict[str, dict[str, int]] = {}
        self.checked: list[str] = []

    def check(self, page, name: str) -> None:
        self.checked.append(name)
        violations = axe_violations(page, target_size=True)
        if violations:
            self.axe[name] = violations
        widths = page_width_at_320(page)
        if any(width > REFLOW_WIDTH for width in widths.values()):
            self.reflow[name] = widths

    def report(self) -> str:
        lines = [f"checked {len(self.checked)} pages and states"]
        for name, violations in self.axe.items():
            count = sum(len(v["nodes"]) for v in violations)
            rules = ", ".join(
                f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][:3]}" for v in violations
            )
            lines.append(f"axe {name}: {count} nodes: {rules}")
        for name, widths in self.reflow.items():
            lines.append(f"reflow {name}: {widths}")
        return "\n".join(lines)

    def assert_clean(self) -> None:
        print("\n" + self.report())
        assert not self.axe and not self.reflow, self.report()
