"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright is only the driver: it never downloads a browser. CI installs the chromium
package (.ci/run); without /usr/bin/chromium these tests fail rather than skip.

The live server needs a transactional database, which pytest-django empties after each
test: each test loads the seed data again if it is missing, and the module leaves it loaded
for whatever runs next.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from alliances.models import Alliance
from portal.seed import load_seed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for this module; the test database is set up first, before Playwright's event loop runs."""
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)"
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own database calls are
    # synchronous and safe, so Django is told not to refuse them, for this module only (the variable
    # must not reach later tests: ``check --deploy`` refuses it).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", autouse=True)
def seed_left_loaded(django_db_blocker):
    """After the live server's tests empty the database, load the seed data back for later tests."""
    yield
    with django_db_blocker.unblock():
        if not Alliance.objects.exists():
            load_seed()


@pytest.fixture
def portal(live_server):
    """The live server's base URL, with the seed data loaded and no page cached."""
    if not Alliance.objects.exists():
        load_seed()
    cache.clear()
    return live_server.url


@pytest.fixture
def page(browser):
    """A fresh desktop page; any JavaScript error fails the test."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def curator_checks_a_file(portal, page, user_model, username, upload):
    """A new curator signs in on the trade import page and has ``upload`` checked; the curator."""
    from django.contrib.auth.models import Group

    curator = user_model.objects.create_user(username, password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    page.goto(f"{portal}/en/admin/login/?next=/en/admin/trade/traderecord/import/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[value='Check the file']")
    return curator
