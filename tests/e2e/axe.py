"""Run axe-core in the page and fail on any WCAG 2.1 A or AA violation."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    # Marks axe's own work for the policy check (tests/e2e/csp.py); cleared once the browser has
    # dispatched the violation events of what axe did.
    page.evaluate("() => { window.__axeRunning = true; }")
    try:
        results = _axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
    finally:
        page.evaluate(
            "() => new Promise((resolve) => setTimeout(() => {"
            " window.__axeRunning = false; resolve(); }, 50))"
        )
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found WCAG 2.1 A/AA violations on {page.url}:\n{report}"
