"""Oversized and malformed requests get a 4xx with a short message page, never a 5xx.

`test_walk_every_url` discovers every URL from the URLconf (tests/urlwalk.py), fills its path
parameters with an existing id and absurd ones (0, past bigint, not a number), reads the forms
and filter links of every page it can GET, then sends each parameter it found bad values:
invalid UTF-8, NUL bytes, overflowing and non-numeric numbers, wrong dates, page numbers past the
end, plus oversized bodies and too many fields, as an anonymous visitor, an editor and an admin.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from tests.urlwalk import page_fields, routes, url_name, urls, world  # noqa: F401 (world: a fixture)

# Each request commits on its own, as in production: a database error in one cannot poison the next.
pytestmark = pytest.mark.django_db(transaction=True)

# Raw (already percent-encoded) query and form values.
BAD_VALUES = [
    "%FF",  # invalid UTF-8
    "%C0%AF",  # overlong UTF-8
    "a%00b",  # NUL: PostgreSQL refuses it in text
    "99999999999999999999999",  # past bigint
    "-1",
    "abc",
    "1e999",
    "2026-13-45",
]
TEN_MB = 10 * 1024 * 1024
SKIP_POST = {"logout"}  # would end the session the walk is using
# The admin's deletion views delete on any non-empty POST.
SKIP_POST_SUFFIXES = ("_delete",)


BIG_FORM = "text=" + "a" * TEN_MB
BOUNDARY = "walkboundary"
BIG_UPLOAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
    f"Content-Type: text/plain\r\n\r\n{'a' * TEN_MB}\r\n--{BOUNDARY}--\r\n"
)


def _walk_as(client, login, failures: list, label: str) -> int:
    """Walk every URL as one role; returns the number of requests sent."""
    sent = 0
    get_fields: dict[str, set[str]] = {}
    post_fields: dict[str, set[str]] = {}

    def send(method: str, url: str, **extra):
        nonlocal sent
        sent += 1
        response = getattr(client, method)(url, **extra)
        if response.status_code >= 500:
            failures.append(f"{label} {method.upper()} {url[:200]} -> {response.status_code}")
        return response

    every = [(route, urls(route)) for route in routes()]
    assert sum(len(found) for _, found in every) > 40, "the walk found too few URLs"
    # First plain GETs, to learn each page's form fields and filter links, and malformed paths
    # and query strings that every view must survive.
    for _route, found in every:
        login()
        for index, url in enumerate(found):
            response = send("get", url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                found_get, found_post = page_fields(response.content.decode(errors="replace"), url)
                for name, fields in found_get.items():
                    get_fields.setdefault(name, set()).update(fields)
                for name, fields in found_post.items():
                    post_fields.setdefault(name, set()).update(fields)
            if index:
                continue  # absurd ids: the plain GET is enough
            send("get", url + "%FF%00/")
            send("get", url + "?page=99999999999999999999999&%FF=%FF&%00=%00")
            send("get", url + "?" + "q=" + "x" * 100_000)
    # Then every parameter a page offered, with every bad value, on the page with existing ids.
    for route, found in every:
        if not found:
            continue
        login()
        url = found[0]
        name = url_name(url)
        for field in sorted(get_fields.get(name, set()) | {"page"}):
            for value in BAD_VALUES + ["999999"]:  # the last: a page far past the end
                send("get", f"{url}?{quote(field)}={value}")
        if route.name and (route.name.split(":")[-1] in SKIP_POST or route.name.endswith(SKIP_POST_SUFFIXES)):
            continue
        send("post", url)
        send("post", url, data=BIG_FORM, content_type="application/x-www-form-urlencoded")
        send("post", url, data=BIG_UPLOAD, content_type=f"multipart/form-data; boundary={BOUNDARY}")
        send(
            "post",
            url,
            data="&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
            content_type="application/x-www-form-urlencoded",
        )
        fields = sorted(post_fields.get(name, set()) - {"csrfmiddlewaretoken"})
        for value in BAD_VALUES:
            body = "&".join(f"{quote(field)}={value}" for field in fields)
            send("post", url, data=body, content_type="application/x-www-form-urlencoded")
            login()  # a POST may have ended the session (a password change, a lockout)
        for other in found[1:]:  # absurd ids: refused before any form is read
            send("post", other, data="text=x", content_type="application/x-www-form-urlencoded")
    return sent


def test_walk_every_url(
    world,  # noqa: F811
    client,
    editor,
    admin_user,
):
    client.raise_request_exception = False
    failures: list[str] = []
    sent = _walk_as(client, client.logout, failures, "anonymous")
    sent += _walk_as(client, lambda: client.force_login(editor), failures, "editor")
    sent += _walk_as(client, lambda: client.force_login(admin_user), failures, "admin")
    assert sent > 1000
    print(f"\nthe walk sent {sent} requests")
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:60])


def test_url_walk_finds_every_page():
    """The walk covers the app's pages, the login page and the admin (so new pages are covered too)."""
    names = {route.name for route in routes()}
    assert {"claim_list", "claim_detail", "article_detail", "login", "admin:index"} <= names
    assert "admin:articles_claim_change" in names
    assert reverse("claim_detail", args=[1_000_000]) in urls(next(r for r in routes() if r.name == "claim_detail"))
