"""A short 503 page, never a traceback or a 500, while the database does not answer.

Any request that meets `OperationalError` or `InterfaceError` (the server is down, restarting,
or dropped the connection), or a bare `DatabaseError` with no SQLSTATE (psycopg's class for an
error result that libpq made up on the client side, as when the connection is lost in the middle
of a query), gets templates/503.html with `Retry-After`. A write whose POST got this page was
refused: its transaction rolled back with the connection (unless the server died between its
COMMIT and the acknowledgement, which no client can tell: the page asks to check). Django turns
an exception into a 500 response inside each middleware layer, so this middleware, placed before
every middleware that queries, learns of it from the `got_request_exception` signal and swaps
the response.

The page is rendered without a request context: the user, the session and the navigation's
counts all need the database. The next request opens a new connection (CONN_HEALTH_CHECKS, and
the embedded server restarts itself, factcheck/embedded_backend), so the site serves again by
itself as soon as the database is back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
_MARK = "_factcheck_database_unavailable"


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    if request is not None and request.path.startswith("/api/"):
        response = JsonResponse({"detail": _("The database is not answering. Try again in a few seconds.")}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database does not answer (rather than a query or data at fault)."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    # The server's own errors carry a SQLSTATE (IntegrityError, ProgrammingError... are
    # subclasses anyway); one that libpq made up on the client side has none.
    return type(error) is DatabaseError and getattr(error.__cause__, "sqlstate", None) is None


def _note_database_error(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None and database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_note_database_error, dispatch_uid="factcheck.unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DatabaseError as error:
            if not database_unavailable(error):
                raise
            return unavailable_response(request)
        if getattr(request, _MARK, False):
            return unavailable_response(request)
        return response
