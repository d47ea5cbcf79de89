"""Every API error is a JSON body: {"detail": message} and, for 400s, {"errors": {field: [messages]}}.

Form errors (the pages' forms validate API input too, so the messages are the pages' own) use DRF's
key "non_field_errors" for errors of the whole form.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    """409: the request is valid but the data changed or is in a state that refuses it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"

    def __init__(self, detail, **extra):
        super().__init__(detail)
        self.extra = extra


def form_errors(errors) -> dict[str, list[str]]:
    """A Django form's (or FilterSet's) errors as {field: [messages]}, "__all__" as non_field_errors."""
    return {
        (NON_FIELD if field == "__all__" else field): [str(m) for m in messages] for field, messages in errors.items()
    }


def invalid(errors) -> exceptions.ValidationError:
    """The 400 for a form that did not validate (raise it)."""
    return exceptions.ValidationError(form_errors(errors))


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {NON_FIELD: response.data}
        messages = [str(m) for m in data.get(NON_FIELD, [])]
        response.data = {
            "detail": messages[0] if len(messages) == 1 else _("The request has errors; see 'errors'."),
            "errors": data,
        }
    elif isinstance(exc, Conflict):
        response.data = {"detail": str(exc.detail), **exc.extra}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": response.data}
    return response


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any /api/ address that names no endpoint (no HTML page for API clients)."""
    return JsonResponse({"detail": _("There is no API endpoint at this address.")}, status=404)
