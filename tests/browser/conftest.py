"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Run with the rest of the suite; skipped, with the reason, when the ``playwright`` package or a
Chromium binary is missing (``scripts/test`` installs both). No browser is ever downloaded:
Playwright launches the system Chromium (``CHROMIUM_PATH``, default ``/usr/bin/chromium``).
Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def why_no_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright package (pip install -r requirements-dev.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"browser tests need Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")


def pytest_collection_modifyitems(config, items):
    reason = why_no_browser()
    required = os.environ.get("REQUIRE_BROWSER", "") in {"1", "true", "yes"}
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if reason and required:
                # CI must prove the pages in a browser: a missing one fails, never skips.
                item.add_marker(pytest.mark.usefixtures("_browser_required"))
            elif reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _browser_required():
    pytest.fail(f"REQUIRE_BROWSER is set but {why_no_browser()}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # CI runs the SQLite and PostgreSQL suites side by side on two cores: be patient.
    expect.set_options(timeout=15_000)

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, transactional_db, seeds, settings):
    """The live server's base URL, with the five sample documents imported and published.

    The live server serves static files from the finders (``static/``), so the templates link
    them by their plain names here; hashed names and compression are tested in test_frontend.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return live_server.url


class BrowserErrors(list):
    """JavaScript errors and failed requests seen by a page; a test ends with none."""


@pytest.fixture
def new_page(browser, site):
    """new_page(viewport=DESKTOP, **context_options) -> a page on the live site."""
    contexts = []
    errors = BrowserErrors()

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=site, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)  # patient on a busy machine; passing tests take far less
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("console", lambda message: _console(message, errors))
        page.on("response", lambda response: _response(response, errors))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def _console(message, errors):
    # A page answered 404 on purpose logs "Failed to load resource"; failed static files are
    # caught by _response instead.
    if message.type == "error" and "status of 404" not in message.text:
        errors.append(f"console: {message.text}")


def _response(response, errors):
    if "/static/" in response.url and response.status >= 400:
        errors.append(f"{response.status} for {response.url}")


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name: str, *, top: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if top:
        page.evaluate("window.scrollTo(0, 0)")
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def log_in_to_admin(page, user, password: str = "pw", next_url: str = "/admin/") -> None:
    """Log in through the admin's form: password and the code of a freshly enrolled TOTP device."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Authentication code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Log in").click()
