"""Template helpers for text in many languages and scripts."""

from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()

# Languages written right to left (primary subtag of a BCP 47 code).
RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr"})


@register.filter
def text_dir(language: str | None) -> str:
    """The `dir` attribute for text in `language`: rtl, ltr, or auto when it is undetermined."""
    primary = (language or "und").split("-")[0].lower()
    if primary == "und":
        return "auto"
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


@register.simple_tag(takes_context=True)
def sort_query(context, param: str) -> str:
    """The current query string with ordering `param` (toggled when it is already the order)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()
    current = query.get("o", "")
    query["o"] = f"-{param}" if current == param else param
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, param: str) -> str:
    """'ascending', 'descending' or 'none', for aria-sort on a sortable column."""
    current = context["request"].GET.get("o", "")
    if current == param:
        return "ascending"
    if current == f"-{param}":
        return "descending"
    return "none"
