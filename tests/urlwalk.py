"""Every URL of the URLconf, found from the URLconf itself, with its path parameters filled in.

Used by the malformed-input walk and the CSP header test, so that pages added later (by any app,
the admin included) are covered without editing a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from articles.models import Article, Claim, Evidence, MatchSuggestion, Source, Verdict

EXISTING = 1_000_000  # the pk of every object the walk's fixture creates (far above any sequence)
INT_VALUES = [EXISTING, 0, 2**63, 10**30]  # existing, absent, just past bigint, far past it
TEXT_VALUES = [str(EXISTING), "0", str(2**63), "not-an-id"]
# Regex groups whose values must name something real for reverse() to match.
NAMED_VALUES = {
    "app_label": ["articles", "auth", "axes", "nope"],
    "url": ["no-such-page"],
    "content_type_id": [1, 2**63],
}


BODY = "La rivière a monté de 3 mètres lundi. Officials said 1,200 homes were flooded. 雨は続いている。"


@pytest.fixture
def world(editor):
    """One object of each kind with pk EXISTING, so that one id fills every path parameter."""
    article = Article.objects.create(pk=EXISTING, title="Crue", body=BODY, language="fr")
    claim = Claim.objects.create(pk=EXISTING, article=article, text=BODY[:37], span_start=0, span_end=37, language="fr")
    other_article = Article.objects.create(pk=EXISTING + 1, title="Flood", body=BODY + " Again.", language="en")
    other = Claim.objects.create(pk=EXISTING + 1, article=other_article, text="Officials said 1,200 homes.")
    source = Source.objects.create(pk=EXISTING, url="https://example.org/gauge", title="Gauge")
    Evidence.objects.create(pk=EXISTING, claim=claim, source=source, stance=Evidence.Stance.SUPPORTS)
    Verdict.objects.create(pk=EXISTING, claim=claim, status="verified", rationale="Gauge data.", editor=editor)
    MatchSuggestion.objects.create(pk=EXISTING, claim_a=claim, claim_b=other, score=0.9, reasons=["figure 3"])
    User.objects.create_user(pk=EXISTING, username="spare", password="correct horse battery staple")
    Group.objects.create(pk=EXISTING, name="spare group")
    return claim


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name" when the pattern is named
    route: str  # the pattern's text, for messages
    params: tuple[str, ...]
    int_params: frozenset[str]


def routes() -> list[Route]:
    """Every URLPattern of the project, with the names and kinds of its parameters."""
    found: list[Route] = []

    def params_of(pattern) -> tuple[list[str], set[str]]:
        converters = getattr(pattern, "converters", {})
        if converters:
            ints = {key for key, conv in converters.items() if conv.__class__.__name__ == "IntConverter"}
            return list(converters), ints
        regex = pattern.regex.pattern if hasattr(pattern, "regex") else ""
        return re.findall(r"\(\?P<(\w+)>", regex), set()

    def walk(patterns, namespace: str, prefix: str, params: list[str], ints: set[str]) -> None:
        for entry in patterns:
            own, own_ints = params_of(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns, prefix + str(entry.pattern), params + own, ints | own_ints)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                found.append(Route(name, prefix + str(entry.pattern), tuple(params + own), frozenset(ints | own_ints)))

    walk(get_resolver().url_patterns, "", "", [], set())
    return found


def urls(route: Route, *, absurd: bool = True) -> list[str]:
    """Concrete URLs of a named route: with the existing id and, when `absurd`, with absent,
    overflowing and non-numeric ones. Unnamed routes (the admin's catch-all) give none."""
    if route.name is None:
        return []
    if not route.params:
        try:
            return [reverse(route.name)]
        except NoReverseMatch:
            return []
    result: list[str] = []
    choices = []
    for param in route.params:
        if param in NAMED_VALUES:
            choices.append(NAMED_VALUES[param])
        elif param in route.int_params:
            choices.append(INT_VALUES)
        else:
            choices.append(TEXT_VALUES)
    depth = max(len(values) for values in choices) if absurd else 1
    for i in range(depth):
        kwargs = {param: values[min(i, len(values) - 1)] for param, values in zip(route.params, choices, strict=True)}
        try:
            url = reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if url not in result:
            result.append(url)
    return result


def url_name(url: str) -> str | None:
    """The qualified URL name a path resolves to, or None."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


class FormFields(HTMLParser):
    """The forms of a page: (method, action, field names), and the query parameter names of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self.link_params: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or "", set()))
        elif tag in {"input", "select", "textarea", "button"} and attrs.get("name") and self.forms:
            self.forms[-1][2].add(attrs["name"])
        elif tag == "a" and attrs.get("href", "").startswith("?"):
            self.link_params.update(key for key, _ in parse_qsl(attrs["href"][1:], keep_blank_values=True))


def page_fields(html: str, page_url: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(GET field names, POST field names), each by the qualified URL name the form is sent to."""
    parser = FormFields()
    parser.feed(html)
    get: dict[str, set[str]] = {}
    post: dict[str, set[str]] = {}
    here = url_name(page_url)
    if here and parser.link_params:
        get.setdefault(here, set()).update(parser.link_params)
    for method, action, names in parser.forms:
        target = url_name(action) if action else here
        if target:
            (post if method == "post" else get).setdefault(target, set()).update(names)
    return get, post
