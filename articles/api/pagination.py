"""Keyset ("cursor") pages: each page starts after the last row of the previous one, so page 20,000
costs what page 1 costs (no OFFSET, no COUNT over a million rows).

The cursor is opaque to clients: base64 of the sort values of the page's last row. The order is the
list's own (FilterSet `o` or the default newest first), always ending with the id, with PostgreSQL's
NULL placement made explicit (NULLS LAST ascending, NULLS FIRST descending, as the pages sort).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

CURSOR = "cursor"
SIZE = "page_size"
MAX_PAGE_SIZE = 200


def _keys(queryset: QuerySet) -> list[tuple[str, bool]]:
    """(field, descending) of the queryset's order, ending with ("id", ...) exactly once."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    keys = []
    for item in order:
        if not isinstance(item, str):
            raise TypeError("Keyset pages need the order given as field names.")
        name, desc = item.lstrip("-"), item.startswith("-")
        name = "id" if name == "pk" else name
        keys.append((name, desc))
        if name == "id":
            break
    else:
        keys.append(("id", True))
    return keys


def _ordered(queryset: QuerySet, keys: list[tuple[str, bool]]) -> QuerySet:
    return queryset.order_by(
        *[F(name).desc(nulls_first=True) if desc else F(name).asc(nulls_last=True) for name, desc in keys]
    )


def _after(keys: list[tuple[str, bool]], values: list) -> Q:
    """Rows after `values` in the order of `keys` (lexicographic, NULLs placed as in _ordered)."""
    (name, desc), value = keys[0], values[0]
    if value is None:
        beyond = Q(**{f"{name}__isnull": False}) if desc else Q(pk__in=[])
        same = Q(**{f"{name}__isnull": True})
    else:
        beyond = Q(**{f"{name}__lt": value}) if desc else Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True})
        same = Q(**{name: value})
    if len(keys) == 1:
        return beyond
    return beyond | (same & _after(keys[1:], values[1:]))


def _bound(keys: list[tuple[str, bool]], values: list) -> Q:
    """A plain range on the first key that _after implies: lets an index on it start mid-way."""
    (name, desc), value = keys[0], values[0]
    if value is None:
        return Q()
    return Q(**{f"{name}__lte": value}) if desc else Q(**{f"{name}__gte": value}) | Q(**{f"{name}__isnull": True})


def _encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date | datetime.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(raw: str, queryset: QuerySet, keys: list[tuple[str, bool]]) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != len(keys):
        raise NotFound(_("That cursor is not valid; start again from the first page."))
    parsed = []
    for (name, _desc), value in zip(keys, values, strict=True):
        field = queryset.model._meta.get_field(name)
        kind = field.get_internal_type()
        if value is not None and kind == "DateTimeField":
            value = parse_datetime(value) if isinstance(value, str) else None
        elif value is not None and kind == "DateField":
            value = parse_date(value) if isinstance(value, str) else None
        elif value is not None and not isinstance(value, int | float | str):
            value = None
        if value is None and values[len(parsed)] is not None:
            raise NotFound(_("That cursor is not valid; start again from the first page."))
        parsed.append(value)
    return parsed


def page_size(request: Request) -> int:
    raw = request.query_params.get(SIZE)
    if raw in (None, ""):
        return settings.API_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({SIZE: [_("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]})
    return size


def paginate(queryset: QuerySet, request: Request) -> tuple[list, str | None]:
    """The page the request's cursor names (the first without one) and the next page's URL, or None.
    One query: the page's rows and one more, to know whether a next page exists."""
    keys = _keys(queryset)
    size = page_size(request)
    raw = request.query_params.get(CURSOR)
    queryset = _ordered(queryset, keys)
    if raw:
        values = _decode(raw, queryset, keys)
        queryset = queryset.filter(_bound(keys, values) & _after(keys, values))
    rows = list(queryset[: size + 1])
    next_url = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        cursor = _encode([getattr(last, "pk" if name == "id" else name) for name, _desc in keys])
        next_url = replace_query_param(request.build_absolute_uri(), CURSOR, cursor)
    return rows, next_url
