"""The interface language: dates in the editor's locale, stored labels shown in it, the user's preference.

Stored data never changes with the interface language: dates stay ISO 8601 in the database, the
CSV and JSON; reasons are stored as English identifiers and only translated for display here.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Languages whose readers expect the Buddhist-era year (Gregorian + 543) in dates.
BUDDHIST_ERA = {"th": 543}

# The check-worthiness features of articles/text/checkworthiness.py, stored in Claim.reasons.
REASON_LABELS = {
    "number": _("number"),
    "percentage": _("percentage"),
    "money": _("money"),
    "date": _("date"),
    "attribution": _("attribution"),
    "superlative": _("superlative"),
    "comparison": _("comparison"),
    "named entity": _("named entity"),
    "question": _("question"),
    "opinion": _("opinion"),
    "too short": _("too short"),
    # Match reasons of articles/matching.py (stored in MatchSuggestion.reasons).
    "best match both ways": _("best match both ways"),
    "a better match exists in one of the articles": _("a better match exists in one of the articles"),
    "aligned translation": _("aligned translation"),  # articles/matching/alignment.py
}
_PREFIXED = {"names": _("names: %(values)s"), "figures": _("figures: %(values)s")}
_SIMILARITY = re.compile(r"^same language, text similarity (?P<value>[0-9.]+)$")


def reason_label(reason: str) -> str:
    """A stored reason in the active language; an unknown one is shown as stored."""
    if reason in REASON_LABELS:
        return str(REASON_LABELS[reason])
    prefix, sep, rest = reason.partition(": ")
    if sep and prefix in _PREFIXED:
        return _PREFIXED[prefix] % {"values": rest}
    match = _SIMILARITY.match(reason)
    if match:
        value = formats.number_format(float(match["value"]), 2)
        return gettext("same language, text similarity %(value)s") % {"value": value}
    return reason


def _era_format(fmt: str, year: int) -> str:
    """`fmt` with its year (Y) written as the active language's era year, escaped as a literal."""
    offset = BUDDHIST_ERA.get(translation.get_language() or "", 0)
    if not offset:
        return fmt
    literal = "".join(f"\\{digit}" for digit in str(year + offset))
    return re.sub(r"(?<!\\)Y", lambda _m: literal, fmt)


def format_date(value: datetime.date | datetime.datetime) -> str:
    """A date in the active language's SHORT_DATE_FORMAT (Thai: Buddhist-era year)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    fmt = formats.get_format("SHORT_DATE_FORMAT")
    return formats.date_format(value, _era_format(fmt, value.year))


def format_datetime(value: datetime.datetime) -> str:
    """A datetime in the current time zone and the active language's SHORT_DATETIME_FORMAT."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    fmt = formats.get_format("SHORT_DATETIME_FORMAT")
    return formats.date_format(value, _era_format(fmt, value.year))


def parse_era_date(value: datetime.date) -> datetime.date:
    """A date typed with a Buddhist-era year (2400 or later) in Thai, as its Gregorian date."""
    offset = BUDDHIST_ERA.get(translation.get_language() or "", 0)
    if offset and value.year >= 2400:
        return value.replace(year=value.year - offset)
    return value


# --- The user's language ------------------------------------------------------------------------


def supported(code: str | None) -> str | None:
    """`code` if it is one of settings.LANGUAGES (or its primary subtag is), else None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def remember_language(request: HttpRequest, response: HttpResponse, code: str) -> None:
    """Make `code` the language of the next pages: the language cookie set_language uses."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def preferred_language(user) -> str:
    """The user's chosen interface language, "" when they follow their browser's."""
    from articles.models import UserPreferences

    prefs = UserPreferences.objects.filter(user=user).only("language").first()
    return supported(prefs.language) or "" if prefs else ""


def save_preferred_language(user, code: str) -> None:
    from articles.models import UserPreferences

    UserPreferences.objects.update_or_create(user=user, defaults={"language": code})


def apply_language_at_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """user_logged_in: the preference becomes the language of this and the next pages.

    A user who never chose keeps what LocaleMiddleware found (cookie, then Accept-Language).
    """
    if request is None:
        return
    code = preferred_language(user)
    if code:
        translation.activate(code)
        request.LANGUAGE_CODE = code
        request.language_to_remember = code


class RememberLanguageMiddleware:
    """Sets the language cookie when a login (or the account page) chose a language for the session."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = getattr(request, "language_to_remember", None)
        if code:
            remember_language(request, response, code)
        return response
