"""Browser tests: pytest-playwright's `page` driving headless Chromium against pytest-django's live server.

The browser is found, in this order:
  1. $CHROMIUM_PATH, when set;
  2. the Chromium that `playwright install chromium` downloaded (a developer's machine);
  3. the system's `chromium` / `chromium-browser` (Debian's package, which .ci/run installs).
The run prints which one it used. Without any: the tests are skipped with the reason on a
developer's machine, and FAIL when CI=true (a CI run must never skip them silently).

One browser is shared by the whole session (launching costs about a second); every test gets a
fresh context (cookies) and page. Screenshots go to test-artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery staple"  # the one tests/conftest.py gives every user

# Debian's Chromium, headless as root, without reaching for the network.
SYSTEM_CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _find_browser(playwright) -> tuple[str, dict]:
    """(description, launch options) of the Chromium to use, or ("", {"missing": why}) when there is none."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        if not Path(explicit).is_file():
            return "", {"missing": f"CHROMIUM_PATH={explicit} is not a file"}
        return f"$CHROMIUM_PATH {explicit}", {"executable_path": explicit, "args": SYSTEM_CHROMIUM_ARGS}
    bundled = playwright.chromium.executable_path
    if bundled and Path(bundled).is_file():
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return f"Playwright's own Chromium {bundled}", {"args": args}
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return f"system Chromium {found}", {"executable_path": found, "args": SYSTEM_CHROMIUM_ARGS}
    return "", {}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright, pytestconfig):
    """pytest-playwright's launch options plus the browser found here (see the module docstring)."""
    description, options = _find_browser(playwright)
    if not description:
        reason = options.get("missing") or (
            "no Chromium for the browser tests: install Debian's `chromium` package, run "
            "`.venv/bin/playwright install chromium`, or set CHROMIUM_PATH"
        )
        if _in_ci():
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser tests use {description}")
    if browser_type_launch_args.get("headless") is False:  # pytest --headed, to watch it
        options["args"] = [arg for arg in options.get("args", []) if arg != "--headless"]
    return {**browser_type_launch_args, **options}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A laptop-sized window, and English as the browser's language."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


def _ensure_roles() -> None:
    """The editors/viewers groups (post_migrate recreates them after each flush; this is a guard)."""
    from articles.roles import ensure_roles

    ensure_roles()


@pytest.fixture(scope="session")
def _roles_after_the_last_flush(django_db_setup, django_db_blocker):
    """Leave the roles in a reused test database (--reuse-db) for the next run's other tests."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        _ensure_roles()
        # Close what this context opened, so that dropping the test database finds no other session.
        connections.close_all()


@pytest.fixture
def live(_roles_after_the_last_flush, live_server, page, settings):
    """The live server's URL with the roles in place; the page fails fast instead of waiting 30 s."""
    # The live server thread shares these settings: a fast hasher saves ~0.4 s per user and login.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _ensure_roles()
    page.set_default_timeout(5000)
    return live_server.url


@pytest.fixture
def editor(live):
    """Overrides tests/conftest.py's `editor` so that the groups exist first."""
    from tests.conftest import _user

    return _user("editor", "editors")


@pytest.fixture
def viewer(live):
    from tests.conftest import _user

    return _user("viewer", "viewers")


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Log in"))


def click_and_wait(page, locator) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        locator.click()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot of what the browser shows now."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
