"""Reflow (WCAG 1.4.10): every page a browser test visits must fit a 320 px wide viewport.

Each browser context a test opens gets a small init script: once a page has loaded, it hands a
copy of the page as rendered (its scripts left out) to the test process. The copy is laid out
again at the same address in a separate 320 px wide page with JavaScript off, and the width of
the document is measured there. The page under test is not resized in the middle of a step.

Content may scroll sideways inside its own container (a wide data table); the document itself
may not be wider than the viewport, and it may not hide what does not fit (``overflow-x: hidden``
on ``html`` or ``body``).
"""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Error as PlaywrightError

WIDTH = 320
HEIGHT = 640

# Runs in every page before the page's own scripts.
INIT_SCRIPT = """
(() => {
  if (window.top !== window) return;
  // Settles once the copy of this page has been measured (or there was nothing to measure).
  // The copy is taken as the load event starts (this listener is the page's first): the page's
  // own scripts have run on DOMContentLoaded, and a test cannot have navigated away yet.
  window.__reflowDone = new Promise((resolve) => {
    window.addEventListener("load", () => {
      if (!/^https?:/.test(location.href) || typeof window.__reflowCheck !== "function") {
        resolve();
        return;
      }
      const copy = document.documentElement.cloneNode(true);
      copy.querySelectorAll("script, noscript").forEach((node) => node.remove());
      Promise.resolve(window.__reflowCheck(location.href, "<!doctype html>\\n" + copy.outerHTML))
        .finally(resolve);
    });
  });
})();
"""

# Waits (at most ten seconds) until the page that has loaded has been measured.
SETTLE = """() => Promise.race([
  window.__reflowDone || Promise.resolve(),
  new Promise((resolve) => setTimeout(resolve, 10000)),
])"""

MEASURE = """() => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 3).map((name) => "." + name).join("");
  // Inside a container that scrolls or clips, only what is positioned out of it can escape.
  const escapes = (el) => {
    const positioned = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible") {
        return positioned && style.position === "static";
      }
    }
    return true;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > viewport + 0.5 && escapes(el)) {
      culprits.push(`${describe(el)} (to ${Math.round(box.right)} px)`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const parent = text.parentElement;
    if (!text.textContent.trim() || parent.getBoundingClientRect().width <= 1 || !escapes(parent)) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(text);
    if ([...range.getClientRects()].some((box) => box.right > viewport + 0.5)) {
      culprits.push(`text «${text.textContent.trim().slice(0, 40)}» in ${describe(text.parentElement)}`);
    }
  }
  const hides = [root, document.body].some((el) =>
    ["hidden", "clip"].includes(getComputedStyle(el).overflowX));
  return {width: root.scrollWidth, viewport, hides, culprits: culprits.slice(0, 8)};
}"""


class ReflowChecker:
    """Lays pages out again at 320 px and keeps what did not fit."""

    def __init__(self, browser):
        # Taken before any test wraps browser.new_context: the checker's own context is not checked.
        self._new_context = browser.new_context
        self._context = None
        self.failures: list[str] = []
        self.checked: list[str] = []
        self.pending = 0

    def attach(self, context) -> None:
        context.expose_binding("__reflowCheck", self._on_load)
        context.add_init_script(INIT_SCRIPT)

    def _checker(self):
        if self._context is None:
            self._context = self._new_context(
                viewport={"width": WIDTH, "height": HEIGHT},
                java_script_enabled=False,
                locale="nb-NO",
            )
        return self._context

    def _on_load(self, source, url: str, html: str) -> None:
        self.pending += 1
        try:
            result = self.measure(url, html)
        except PlaywrightError as error:  # reported, so that no page goes unchecked unnoticed
            self.failures.append(f"{url}: could not be measured ({error.message})")
            return
        finally:
            self.pending -= 1
        self.checked.append(url)
        if result["width"] > result["viewport"] or result["hides"]:
            why = (
                "html or body hides what does not fit (overflow-x)"
                if result["hides"]
                else f"{result['width']} px wide at a {result['viewport']} px viewport"
            )
            self.failures.append(f"{url}: {why}\n      " + "\n      ".join(result["culprits"]))

    def measure(self, url: str, html: str) -> dict:
        # A page of its own for each copy: pages that load close together are measured at once.
        page = self._checker().new_page()

        def serve_copy(route):
            if route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.continue_()

        try:
            page.route(re.compile("^" + re.escape(url) + "$"), serve_copy)
            page.goto(url, wait_until="load")
            return page.evaluate(MEASURE)
        finally:
            page.close()

    def settle(self, context) -> None:
        """Wait until every page of the context that has loaded has been measured.

        Copies are measured while the test goes on, several at once; the current page of each
        tab reports when its copy is done, and the ones before it are counted in ``pending``.
        """
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):
                page.evaluate(SETTLE)
        for _ in range(400):
            if not self.pending or not context.pages:
                break
            context.pages[0].wait_for_timeout(25)

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None


def report(failures: list[str]) -> str:
    distinct = list(dict.fromkeys(failures))
    return f"{len(distinct)} page(s) do not reflow at {WIDTH} px (WCAG 1.4.10):\n  " + "\n  ".join(
        distinct
    )
