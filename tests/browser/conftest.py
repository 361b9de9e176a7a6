"""Browser tests: the system Chromium driven by Playwright against pytest-django's live server.

Nothing here downloads a browser: Playwright is pointed at Debian's /usr/bin/chromium, and the
tests are skipped, saying why, where that is not installed. A failing test leaves a screenshot
and the HTML of every page it had open, and the error, in test-artifacts/. The people signing in
are the shared `editor` and `contributor` (tests/conftest.py), with the shared password.

Elements are found as a person finds them, by role and accessible name (get_by_role, get_by_label),
and every wait is Playwright's waiting `expect()`: nothing here depends on the clock or on how fast
the machine is. CSS selectors stay only where an element has no accessible handle, each saying why.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 30_000  # generous: CI machines are small and busy
expect.set_options(timeout=TIMEOUT_MS)  # expect() waits as long as any other step (its own default is 5 s)

pytestmark = pytest.mark.browser


# The first browser test stopped by the suite's time limit (pytest-timeout). The browser may be stuck:
# the tests after it fail at once, saying where, instead of each waiting out the limit again.
HUNG = pytest.StashKey[str]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    if call.excinfo is not None and _stopped_by_time_limit(call.excinfo.value):
        item.config.stash.setdefault(HUNG, item.nodeid)
    return report


def _stopped_by_time_limit(error: BaseException) -> bool:
    if isinstance(error, BaseExceptionGroup):  # more than one teardown failed
        return any(_stopped_by_time_limit(inner) for inner in error.exceptions)
    return "from pytest-timeout" in str(error)


def fail_if_a_browser_hung(config):
    if HUNG in config.stash:
        pytest.fail(f"the browser stopped answering in {config.stash[HUNG]}; not driving it again", pytrace=False)


@pytest.fixture(scope="module")
def browser(request):
    fail_if_a_browser_hung(request.config)
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would take the
    # test's own database calls for calls from async code. Allowed only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    )
    yield browser
    if HUNG in request.config.stash:
        # Closing would wait on the stuck browser too: it ends with this process. Playwright's loop
        # stays on this thread, so Django's database calls (the test databases' teardown) stay allowed.
        return
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages in fresh browser contexts (one per person); screenshots are taken if the test fails."""
    contexts = []

    def open_page():
        fail_if_a_browser_hung(request.config)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    try:
        _keep_what_failed_and_close(request, contexts)
    except BaseException as error:
        # Stopped here, the browser fixture's teardown comes next, before any report: tell it now.
        if _stopped_by_time_limit(error):
            request.config.stash.setdefault(HUNG, request.node.nodeid)
        raise


def _keep_what_failed_and_close(request, contexts):
    if HUNG in request.config.stash:
        return
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        (ARTIFACTS / f"{name}.txt").write_text(str(report.longrepr))
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{n}-{m}.png"), full_page=True)
                (ARTIFACTS / f"{name}-{n}-{m}.html").write_text(page.content())
    for context in contexts:
        context.close()


def sign_in(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username:", exact=True).fill(user.username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def layout(target, script):
    """What `script` (a JS function of the page, or of the element `target` locates) measures, once the page's
    web fonts are in: a size read before then could still change. Locate the elements with a waiting expect()
    first; this only measures."""
    return target.evaluate(f"async (arg) => {{ await document.fonts.ready; return ({script})(arg); }}")
