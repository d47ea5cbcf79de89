"""Shared fixtures: one user per role and logged-in clients (builders are in tests/factories.py)."""

import os

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.contrib.auth.models import Group, User


def _user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    return _user("editor", "editors")


@pytest.fixture
def other_editor(db) -> User:
    return _user("other_editor", "editors")


@pytest.fixture
def viewer(db) -> User:
    return _user("viewer", "viewers")


@pytest.fixture
def admin_user(db) -> User:
    return _user("admin", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """A request in another language leaves it active in the test thread (LocaleMiddleware does not
    deactivate it afterwards); each test starts and ends in the default language."""
    from django.utils import translation

    yield
    translation.activate("en")
