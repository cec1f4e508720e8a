"""Browser tests: Playwright drives Debian's chromium against the live test server."""

import os
import shutil

import pytest

from tests.e2e import csp
from tests.e2e.reflow import ReflowChecker, report

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-speaking browser: the site must still start in bokmål.
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    return page


@pytest.fixture(scope="session")
def reflow_checker(browser):
    checker = ReflowChecker(browser)
    yield checker
    checker.close()


@pytest.fixture
def csp_watcher():
    return csp.CSPWatcher()


@pytest.fixture(autouse=True)
def reflow_on_every_page(browser, reflow_checker, csp_watcher, monkeypatch):
    """Every page any browser context of the test loads is checked at 320 px (see reflow.py)
    and for Content Security Policy violations (see csp.py).

    Contexts come from ``browser.new_context``, whether through the ``page`` fixture or opened
    by the test itself; contexts a test opens itself are closed at its end.
    """
    reflow_checker.failures.clear()
    reflow_checker.checked.clear()
    original_new_context = browser.new_context
    opened = []

    def new_context(*args, **kwargs):
        context = original_new_context(*args, **kwargs)
        reflow_checker.attach(context)
        csp_watcher.attach(context)
        original_close = context.close

        def close(*close_args, **close_kwargs):
            reflow_checker.settle(context)
            if context in opened:
                opened.remove(context)
            original_close(*close_args, **close_kwargs)

        context.close = close
        opened.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield reflow_checker
    for context in opened.copy():
        context.close()
    failures = []
    if reflow_checker.failures:
        failures.append(report(reflow_checker.failures))
    if csp_watcher.violations:
        failures.append(csp.report(csp_watcher.violations))
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)
