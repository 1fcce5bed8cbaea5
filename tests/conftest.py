"""Shared fixtures: the seed data, loaded once per test session, and users in each role."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from core.roles import CURATORS
from portal.seed import load_seed


def on_postgresql():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Tests of a PostgreSQL server's own faults (``@pytest.mark.postgresql``) belong to the suite's
    PostgreSQL run (CI runs the suite on both databases); on SQLite they are left out of the run, not skipped."""
    if on_postgresql():
        return
    server_only = [item for item in items if item.get_closest_marker("postgresql")]
    if server_only:
        config.hook.pytest_deselected(items=server_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        config.stash[SERVER_ONLY] = len(server_only)


SERVER_ONLY = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(SERVER_ONLY, 0):
        terminalreporter.write_line(
            f"{config.stash[SERVER_ONLY]} PostgreSQL-only test(s) left out on SQLite; they run with DATABASE_URL=postgres://…"
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees the seed data, as a newcomer's portal does."""
    with django_db_blocker.unblock():
        load_seed()


@pytest.fixture
def curator(db):
    user = User.objects.create_user("curator", "curator@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; a fast hasher keeps the suite quick (production keeps the strong default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def new_records_version():
    """What an earlier test left cached by the records' version (a page, a map kept by ``once_per_version``)
    never answers: that test's changes were rolled back, but not the version they made."""
    from core.cache import bump_version

    bump_version()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language an earlier request left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def seeded_transactional_db(transactional_db):
    """A transactional test's database with the seed data (an earlier transactional test may have flushed it)."""
    from reference.models import Source

    if not Source.objects.exists():
        load_seed()
