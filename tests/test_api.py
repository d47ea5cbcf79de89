"""The JSON API (articles/api/): who may call what, JSON errors, tokens, throttling, the schema."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import ApiToken, Article, Claim, ClaimEvent, Evidence, MatchSuggestion, Source, Verdict
from tests.factories import link, make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

BODY = "The river rose 3 metres on Monday. Officials said 1,200 homes were flooded. Rain continues."
OTHER = "Le fleuve est monté de 3 mètres lundi, selon la préfecture. La pluie continue."
NEW_ARTICLE = "Die Stadt baut 40 neue Wohnungen am Fluss. Der Bau beginnt im Juni 2027 und kostet 12 Millionen Euro."


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()  # throttling counts requests in the cache
    yield
    cache.clear()


@pytest.fixture
def world(editor):
    article = make_article(BODY, title="Flood report")
    claim = make_claim(article, "The river rose 3 metres on Monday.")
    evidence = link(claim, editor=editor, title="Water agency bulletin")
    other = make_claim(make_article(OTHER, title="Crue", language="fr"), OTHER.split(", selon")[0])
    low, high = sorted([claim, other], key=lambda c: c.pk)
    suggestion = MatchSuggestion.objects.create(claim_a=low, claim_b=high, score=0.8, reasons=["number 3 m"])
    source = make_source(title="Rain gauge archive")
    return {"article": article, "claim": claim, "evidence": evidence, "suggestion": suggestion, "source": source}


def snapshot() -> tuple:
    return tuple(
        model.objects.count() for model in (Article, Claim, Source, Evidence, Verdict, ClaimEvent, MatchSuggestion)
    ) + (
        tuple(MatchSuggestion.objects.values_list("state", flat=True)),
        tuple(Claim.objects.values_list("text", flat=True)),
    )


# name -> (url kwargs, method, body or None, the write's success status or None for reads)
ENDPOINTS = {
    "root": (lambda w: {}, "get", None, None),
    "schema": (lambda w: {}, "get", None, None),
    "article_list": (lambda w: {}, "get", None, None),
    "article_list:import": (lambda w: {}, "post", lambda w: {"text": NEW_ARTICLE, "language": "de"}, 201),
    "article_detail": (lambda w: {"pk": w["article"].pk}, "get", None, None),
    "claim_list": (lambda w: {}, "get", None, None),
    "claim_detail": (lambda w: {"pk": w["claim"].pk}, "get", None, None),
    "claim_detail:edit": (
        lambda w: {"pk": w["claim"].pk},
        "patch",
        lambda w: {"text": "The river rose three metres on Monday.", "version": w["claim"].version},
        200,
    ),
    "evidence_link": (
        lambda w: {"pk": w["claim"].pk},
        "post",
        lambda w: {"url": "https://example.net/gauge", "title": "Gauge data", "stance": "context"},
        201,
    ),
    "evidence_unlink": (lambda w: {"pk": w["claim"].pk, "evidence_pk": w["evidence"].pk}, "delete", None, 204),
    "verdict_create": (
        lambda w: {"pk": w["claim"].pk},
        "post",
        lambda w: {"status": "verified", "rationale": "The agency's gauge shows 3 m."},
        201,
    ),
    "match_list": (lambda w: {"pk": w["claim"].pk}, "get", None, None),
    "match_confirm": (
        lambda w: {"pk": w["claim"].pk, "suggestion_pk": w["suggestion"].pk},
        "post",
        lambda w: {},
        200,
    ),
    "match_reject": (lambda w: {"pk": w["claim"].pk, "suggestion_pk": w["suggestion"].pk}, "post", lambda w: {}, 200),
    "source_list": (lambda w: {}, "get", None, None),
    "source_list:create": (lambda w: {}, "post", lambda w: {"url": "https://example.org/new", "title": "New"}, 201),
    "source_detail": (lambda w: {"pk": w["source"].pk}, "get", None, None),
}
ROLES = ["anonymous", "viewer", "editor", "admin", "editor_token", "viewer_token", "revoked_token"]


def _call(client: Client, name: str, world, headers=None):
    kwargs, method, body, _ = ENDPOINTS[name]
    url = reverse(f"api:{name.split(':')[0]}", kwargs=kwargs(world))
    data = json.dumps(body(world)) if body else None
    return getattr(client, method)(url, data=data, content_type="application/json", headers=headers or {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_access_matrix(name, role, world, client, viewer, editor, admin_user):
    """anonymous 401; viewers read, 403 on writes; editors and admins write; a token acts as its user."""
    _, _, _, write_status = ENDPOINTS[name]
    headers = {}
    if role in ("viewer", "editor", "admin"):
        client.force_login({"viewer": viewer, "editor": editor, "admin": admin_user}[role])
    elif role.endswith("_token"):
        user = viewer if role == "viewer_token" else editor
        token, key = ApiToken.objects.issue(user, "matrix")
        if role == "revoked_token":
            token.delete()
        headers = {"Authorization": f"Token {key}"}
    before = snapshot()
    response = _call(client, name, world, headers)
    if response.status_code != 204:
        # JSON; the schema's own type is application/vnd.oai.openapi+json.
        assert response["Content-Type"] in ("application/json", "application/vnd.oai.openapi+json")
    if role in ("anonymous", "revoked_token"):
        assert response.status_code == 401, response.content[:300]
        assert "detail" in response.json()
        assert response["WWW-Authenticate"].startswith("Token")
    elif write_status is None:
        assert response.status_code == 200, response.content[:300]
    elif role.startswith("viewer"):
        assert response.status_code == 403, response.content[:300]
        assert response.json() == {"detail": "Your role does not allow this."}
    else:
        assert response.status_code == write_status, response.content[:300]
    if write_status is None or role in ("anonymous", "viewer", "viewer_token", "revoked_token"):
        assert snapshot() == before
    else:
        assert snapshot() != before


def test_the_matrix_covers_every_api_endpoint():
    names = set()

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "api":
                names.add(entry.name)

    walk(get_resolver().url_patterns)
    assert names == {name.split(":")[0] for name in ENDPOINTS}


def test_session_writes_need_the_csrf_token(world, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("api:verdict_create", args=[world["claim"].pk])
    body = json.dumps({"status": "verified", "rationale": "Gauge."})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Verdict.objects.exists()
    client.get(reverse("api:claim_detail", args=[world["claim"].pk]))  # reading is fine without it
    token = client.cookies.get("csrftoken")
    if token is None:  # the API does not set the cookie; a page does
        client.get(reverse("claim_detail", args=[world["claim"].pk]))
        token = client.cookies["csrftoken"]
    response = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": token.value})
    assert response.status_code == 201, response.content
    # A token needs no CSRF token: it is not a cookie that a browser sends by itself.
    _, key = ApiToken.objects.issue(editor, "tool")
    tokened = Client(enforce_csrf_checks=True)
    response = tokened.post(
        reverse("api:evidence_link", args=[world["claim"].pk]),
        json.dumps({"source": world["source"].pk, "stance": "context"}),
        content_type="application/json",
        headers={"Authorization": f"Token {key}"},
    )
    assert response.status_code == 201, response.content


def test_errors_are_json_with_a_message(world, editor_client):
    missing = editor_client.get(reverse("api:claim_detail", args=[world["claim"].pk + 1000]))
    assert missing.status_code == 404 and missing.json() == {"detail": "No Claim matches the given query."}
    nowhere = editor_client.get("/api/no/such/thing/")
    assert nowhere.status_code == 404 and nowhere.json() == {"detail": "There is no API endpoint at this address."}
    wrong_method = editor_client.delete(reverse("api:claim_list"))
    assert wrong_method.status_code == 405 and wrong_method.json() == {"detail": 'Method "DELETE" not allowed.'}
    url = reverse("api:verdict_create", args=[world["claim"].pk])
    bad = editor_client.post(url, {"status": "maybe", "rationale": " "}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "status": ["Select a valid choice. maybe is not one of the available choices."],
        "rationale": ["This field is required."],
    }
    not_json = editor_client.post(url, "{", content_type="application/json")
    assert not_json.status_code == 400 and "JSON parse error" in not_json.json()["detail"]
    bad_token = Client().get(reverse("api:claim_list"), headers={"Authorization": "Token nonsense"})
    assert bad_token.status_code == 401 and bad_token.json() == {"detail": "Unknown or revoked API token."}
    bad_cursor = editor_client.get(reverse("api:claim_list") + "?cursor=garbage")
    assert bad_cursor.status_code == 404 and "cursor" in bad_cursor.json()["detail"]
    bad_size = editor_client.get(reverse("api:claim_list") + "?page_size=0")
    assert bad_size.status_code == 400 and bad_size.json()["errors"] == {
        "page_size": ["Give a whole number from 1 to 200."]
    }


def test_importing_refuses_like_the_import_page(editor_client):
    url = reverse("api:article_list")
    empty = editor_client.post(url, {"text": "   "}, content_type="application/json")
    assert empty.status_code == 400
    page = editor_client.post(reverse("import_articles"), {"text": "   "})
    assert empty.json()["errors"]["non_field_errors"] == [str(e) for e in page.context["form"].non_field_errors()]
    first = editor_client.post(url, {"text": NEW_ARTICLE, "title": "Neubau"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["article"]["title"] == "Neubau"
    again = editor_client.post(url, {"text": NEW_ARTICLE}, content_type="application/json")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert again.json()["article"]["id"] == first.json()["article"]["id"]
    assert Article.objects.count() == 1
    upload = editor_client.post(url, {"files": [_file("a.bin", b"\x00\x01\x02 binary")]})
    assert upload.status_code == 400 and upload.json()["status"] == "failed"
    assert upload.json()["detail"].startswith("a.bin")
    assert Article.objects.count() == 1


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@override_settings(API_THROTTLE_RATE="3/minute")
def test_throttling_per_user_answers_429(world, editor, viewer):
    _, key = ApiToken.objects.issue(editor, "busy tool")
    url = reverse("api:claim_list")
    headers = {"Authorization": f"Token {key}"}
    assert [Client().get(url, headers=headers).status_code for _ in range(3)] == [200, 200, 200]
    refused = Client().get(url, headers=headers)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert int(refused["Retry-After"]) > 0
    # Another user has a budget of their own.
    other = Client()
    other.force_login(viewer)
    assert other.get(url).status_code == 200


def test_tokens_page_creates_shows_once_and_revokes(client, viewer, editor, world):
    page = reverse("api_tokens")
    assert client.get(page).status_code == 302  # login required
    client.force_login(viewer)
    assert client.get(page).status_code == 200
    assert client.post(page, {"name": " "}).status_code == 400
    created = client.post(page, {"name": "newsletter tool"})
    assert created.status_code == 201
    key = created.context["new_key"]
    assert key in created.content.decode()
    token = ApiToken.objects.get(user=viewer)
    assert key not in (token.key_hash, token.prefix) and token.key_hash != key
    assert key not in client.get(page).content.decode()  # shown once
    api = Client()
    headers = {"Authorization": f"Token {key}"}
    assert api.get(reverse("api:claim_list"), headers=headers).status_code == 200
    # Someone else cannot revoke it.
    intruder = Client()
    intruder.force_login(editor)
    assert intruder.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert intruder.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert api.get(reverse("api:claim_list"), headers=headers).status_code == 200
    revoked = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert api.get(reverse("api:claim_list"), headers=headers).status_code == 401
    # A new one can be made at once.
    assert client.post(page, {"name": "newsletter tool"}).status_code == 201


def test_tokens_page_needs_the_csrf_token(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    assert client.post(reverse("api_tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_admin_creates_a_token_and_shows_its_key_once(admin_client, viewer):
    response = admin_client.post(
        reverse("admin:articles_apitoken_add"), {"user": viewer.pk, "name": "from admin"}, follow=True
    )
    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"] if "shown once" in str(m))
    key = message.rsplit(": ", 1)[1]
    token = ApiToken.objects.get()
    assert token.user == viewer and ApiToken.objects.for_key(key) == token
    assert Client().get(reverse("api:claim_list"), headers={"Authorization": f"Token {key}"}).status_code == 200
    admin_client.post(reverse("admin:articles_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert Client().get(reverse("api:claim_list"), headers={"Authorization": f"Token {key}"}).status_code == 401


def test_the_openapi_schema_generates_without_warnings(tmp_path, editor_client):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/claims/", "/api/claims/{id}/verdicts/", "/api/articles/", "/api/sources/"):
        assert f"  {path}:" in text
    assert "tokenAuth" in text and "review_due" in text
    served = editor_client.get(reverse("api:schema"), headers={"Accept": "application/json"})
    assert served.status_code == 200
    assert served.json()["info"]["title"] == "factcheck API"
    browsable = editor_client.get(reverse("api:claim_list"), headers={"Accept": "text/html"})
    assert browsable.status_code == 200 and b"<html" in browsable.content
