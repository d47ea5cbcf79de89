"""Request limits, the 400/413 pages and login lockout glue (README, "Security").

Oversized and malformed requests get a short 4xx page, never a 500.

`RequestLimitsMiddleware` refuses, before any view runs:
  - a body larger than REQUEST_MAX_BYTES (413; Content-Length is checked, nothing is read),
  - a query string longer than QUERY_STRING_MAX_BYTES (414),
  - a form body Django cannot parse within DATA_UPLOAD_MAX_MEMORY_SIZE / DATA_UPLOAD_MAX_NUMBER_FIELDS
    / DATA_UPLOAD_MAX_NUMBER_FILES (413 / 400),
  - a NUL character in any parameter name or value, GET or POST (400: PostgreSQL cannot store NUL
    in text, so every query using it would fail),
  - the admin's date drill-down (`*__year`, `*__month`, `*__day`) with a value that is not a
    plausible date part (400: Django's admin turns year 99999999 into an OverflowError).
Invalid UTF-8 needs nothing: Django decodes parameters with replacement characters.

`bad_request` is the project's handler400: the 400 page, or the 413 page for a body too large.
`client_ip` and `lockout_response` are django-axes' hooks (AXES_CLIENT_IP_CALLABLE,
AXES_LOCKOUT_CALLABLE).
"""

from __future__ import annotations

import logging

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger("factcheck.security")

DATE_PARTS = {"__year": (1, 9998), "__month": (1, 12), "__day": (1, 31)}


def _page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)  # the API's errors are JSON (README)
    template = "413.html" if status == 413 else "400.html"
    context = {"message": message, "status": status, "limit_mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)}
    return render(request, template, context, status=status)


def _has_nul(params: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())


def _bad_date_part(params: QueryDict) -> bool:
    for key, values in params.lists():
        for suffix, (low, high) in DATE_PARTS.items():
            if key.endswith(suffix):
                for value in values:
                    if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                        return True
    return False


class RequestLimitsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refuse(request)
        if refused is not None:
            logger.warning("refused %s %s: %s", request.method, request.path[:200], refused.status_code)
            return refused
        return self.get_response(request)

    @staticmethod
    def max_bytes(request: HttpRequest) -> int:
        """REQUEST_MAX_BYTES, or the batch limit for the import page's upload of many files or a zip."""
        if request.method == "POST" and request.path == reverse("import_articles"):
            return max(settings.REQUEST_MAX_BYTES, settings.IMPORT_BATCH_MAX_BYTES)
        return settings.REQUEST_MAX_BYTES

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A value PostgreSQL cannot take for its column (an unknown enum value in an admin filter, a
        number out of range) is the request's fault: 400, not 500."""
        if isinstance(exception, DataError):
            logger.warning("refused %s %s: %s", request.method, request.path[:200], exception)
            # Rendered without the request's context processors: they would query, and inside a
            # transaction PostgreSQL refuses every query after the error until the rollback.
            context = {"message": _("A value in the request is not valid here."), "status": 400}
            return HttpResponseBadRequest(render_to_string("400.html", context))
        return None

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _page(request, 400, _("The request's Content-Length is not a number."))
        if length > self.max_bytes(request):
            return _page(request, 413, _("The request is too large."))
        if len(request.META.get("QUERY_STRING", "")) > settings.QUERY_STRING_MAX_BYTES:
            return _page(request, 414, _("The address is too long."))
        try:
            params = [request.GET]
            if request.method == "POST":
                params.append(request.POST)
        except RequestDataTooBig:
            return _page(request, 413, _("The request is too large."))
        except (TooManyFieldsSent, TooManyFilesSent):
            return _page(request, 400, _("The form sent too many fields or files."))
        if any(_has_nul(p) for p in params):
            return _page(request, 400, _("A value contains a NUL character, which no text may contain."))
        if _bad_date_part(request.GET):
            return _page(request, 400, _("A date in the address is not a valid date."))
        return None


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: Django calls it for SuspiciousOperation and BadRequest raised anywhere."""
    if isinstance(exception, RequestDataTooBig):
        return _page(request, 413, _("The request is too large."))
    if isinstance(exception, BadRequest) and exception.args:
        return _page(request, 400, str(exception.args[0]))  # our own messages (paging, ...)
    return _page(request, 400, _("The request could not be understood."))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the client is the
    entry that many places from the right; without proxies (the default) it is REMOTE_ADDR, and a
    forged X-Forwarded-For is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The page shown while a login is locked (429), saying for how long."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
