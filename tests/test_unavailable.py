"""The 503 page while the database does not answer (factcheck/unavailable.py), in-process.

tests/faults/test_database_down.py stops a real server under gunicorn; these cover where the
error happens: in a view, in a middleware before it (the session), and errors that are not the
database's, which stay 500s.
"""

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def refuse_queries(monkeypatch, error: Exception) -> None:
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_page_answers_a_short_503_page_when_the_session_cannot_be_read(quiet_client, monkeypatch, error):
    refuse_queries(monkeypatch, error)
    response = quiet_client.get("/claims/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware's headers still apply
    body = response.content.decode()
    assert "temporarily unavailable" in body and "may not have been saved" in body
    assert "Traceback" not in body and "server closed" not in body


def test_a_view_that_meets_the_error_answers_503(quiet_client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(views, "claim_counts", broken)
    response = quiet_client.get("/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def lost_connection() -> DatabaseError:
    """What Django raises when libpq reports a dropped connection as a failed result: psycopg's
    bare DatabaseError (no SQLSTATE), wrapped by django.db.utils."""
    try:
        try:
            raise psycopg.DatabaseError("server closed the connection unexpectedly")
        except psycopg.DatabaseError as cause:
            raise DatabaseError(*cause.args) from cause
    except DatabaseError as error:
        return error


def test_a_connection_lost_in_the_middle_of_a_query_answers_503(quiet_client, monkeypatch):
    refuse_queries(monkeypatch, lost_connection())
    response = quiet_client.get("/claims/?status=outdated")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_the_servers_own_errors_stay_500s(quiet_client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        try:
            raise psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")
        except psycopg.Error as cause:
            raise IntegrityError(*cause.args) from cause

    monkeypatch.setattr(views, "claim_counts", broken)
    assert quiet_client.get("/").status_code == 500


def test_other_errors_stay_500s(quiet_client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr(views, "claim_counts", broken)
    assert quiet_client.get("/").status_code == 500


def test_the_api_answers_a_json_503(quiet_client, monkeypatch):
    refuse_queries(monkeypatch, OperationalError("server closed the connection"))
    response = quiet_client.get("/api/claims/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "not answering" in response.json()["detail"]
