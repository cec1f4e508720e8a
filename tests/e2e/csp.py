"""Content Security Policy: a page that breaks the site's policy fails the browser test.

Each browser context a test opens gets an init script that listens, before the page's own
scripts run, for the ``securitypolicyviolation`` events the browser fires whenever the policy
blocks something (an inline script or handler, a style attribute, a script from elsewhere), and
hands each to the test process. The browser still enforces the policy (contexts are not opened
with ``bypass_csp``), so a page that needs what is blocked also misbehaves in the test.

axe-core is injected with ``page.evaluate`` (tests/e2e/axe.py), which the browser runs outside
the page's policy: the check stays honest without weakening the policy for the test. What axe
itself adds to the page while it runs (``window.__axeRunning``) is not counted.
"""

from __future__ import annotations

INIT_SCRIPT = """
(() => {
  const report = (event) => {
    if (typeof window.__cspViolation !== "function") return;
    // axe-core copies the page's style sheets into <style> elements of its own (to read them
    // through the CSSOM); the policy blocks those, which is not the page's doing. Only what has
    // no source file of the page is left out, and only while axe runs.
    if (window.__axeRunning && !event.sourceFile) return;
    window.__cspViolation({
      page: location.href,
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI || "inline",
      source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}` : "",
      sample: event.sample || "",
      element: event.target instanceof Element ? event.target.outerHTML.slice(0, 120) : "",
    });
  };
  document.addEventListener("securitypolicyviolation", report, true);
})();
"""


class CSPWatcher:
    """Keeps every policy violation reported by the pages of the contexts it watches."""

    def __init__(self):
        self.violations: list[str] = []

    def attach(self, context) -> None:
        context.expose_binding("__cspViolation", self._on_violation)
        context.add_init_script(INIT_SCRIPT)

    def _on_violation(self, source, violation: dict) -> None:
        where = f" at {violation['source']}" if violation["source"] else ""
        sample = f" «{violation['sample'][:60]}»" if violation["sample"] else ""
        element = f" in {violation['element']}" if violation.get("element") else ""
        self.violations.append(
            f"{violation['page']}: {violation['directive']} blocked "
            f"{violation['blocked']}{where}{sample}{element}"
        )


def report(violations: list[str]) -> str:
    distinct = list(dict.fromkeys(violations))
    return f"{len(distinct)} Content Security Policy violation(s):\n  " + "\n  ".join(distinct)
