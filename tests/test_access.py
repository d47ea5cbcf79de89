"""The access matrix: every URL of the app, for anonymous, viewer, editor and admin, GET and POST.

Anonymous users are sent to the login page; viewers read everything and every write answers
403 on the server; editors and admins can write. URLs added later are covered by the generic
checks at the bottom (anonymous -> login, viewer POST -> refused).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article, Claim, ClaimEvent, Evidence, Verdict
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

BODY = "The river rose 3 metres on Monday. Officials said 1,200 homes were flooded. Rain continues."


@pytest.fixture
def world(editor):
    article = make_article(BODY, title="Flood report")
    claim = make_claim(article, "The river rose 3 metres on Monday.")
    candidate = make_claim(
        article, "Officials said 1,200 homes were flooded.", triage=Claim.Triage.CANDIDATE, checkworthiness=0.8
    )
    evidence = link(claim, editor=editor, title="Water agency bulletin")
    return {"article": article, "claim": claim, "candidate": candidate, "evidence": evidence, "editor": editor}


# name -> (kwargs builder, GET allowed to readers, POST payload builder or None for read-only pages,
#          permission needed for GET)
READ_PAGES = {
    "dashboard": lambda w: {},
    "article_list": lambda w: {},
    "article_detail": lambda w: {"pk": w["article"].pk},
    "claim_list": lambda w: {},
    "claim_detail": lambda w: {"pk": w["claim"].pk},
}

WRITES = {
    "article_edit": (
        lambda w: {"pk": w["article"].pk},
        lambda w: {"title": "Flood report (corrected)", "url": "", "publisher": "", "published": "", "language": "en"},
    ),
    "article_claim_create": (
        lambda w: {"pk": w["article"].pk},
        lambda w: {"sentence": f"{BODY.index('Rain')}-{len(BODY)}", "claimant": ""},
    ),
    "claim_triage": (lambda w: {"pk": w["candidate"].pk}, lambda w: {"triage": "accepted"}),
    "claim_edit": (
        lambda w: {"pk": w["claim"].pk},
        lambda w: {"text": "The river rose three metres on Monday.", "claimant": "", "version": w["claim"].version},
    ),
    "claim_assign": (lambda w: {"pk": w["claim"].pk}, lambda w: {"assignee": w["editor"].pk}),
    "claim_link_source": (
        lambda w: {"pk": w["claim"].pk},
        lambda w: {"url": "https://example.net/gauge", "title": "Gauge data", "stance": "context"},
    ),
    "evidence_remove": (lambda w: {"pk": w["claim"].pk, "evidence_pk": w["evidence"].pk}, lambda w: {}),
    "claim_verdict": (lambda w: {"pk": w["claim"].pk}, lambda w: {"status": "verified", "rationale": "Gauge data."}),
}
# Writes whose page is also a form shown on GET (to writers only).
WRITE_FORMS_ON_GET = {"article_edit"}


def snapshot():
    return (
        list(Article.objects.values_list("title", "language")),
        list(Claim.objects.order_by("pk").values_list("text", "triage", "status", "assignee_id", "version")),
        Evidence.objects.count(),
        Verdict.objects.count(),
        ClaimEvent.objects.count(),
    )


def login_redirect(response, url):
    return response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", sorted(READ_PAGES))
def test_read_pages(name, world, client, viewer, editor, admin_user):
    url = reverse(name, kwargs=READ_PAGES[name](world))
    assert login_redirect(client.get(url), url)
    for user in (viewer, editor, admin_user):
        client.force_login(user)
        assert client.get(url).status_code == 200, (name, user)
        assert client.post(url).status_code == 405, (name, user)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_writes(name, world, client, viewer, editor, admin_user):
    kwargs, payload = WRITES[name]
    url = reverse(name, kwargs=kwargs(world))
    before = snapshot()

    assert login_redirect(client.post(url, payload(world)), url)
    assert login_redirect(client.get(url), url)
    client.force_login(viewer)
    assert client.post(url, payload(world)).status_code == 403
    assert client.get(url).status_code == 403
    assert snapshot() == before, "a refused write changed the data"

    client.force_login(editor)
    assert client.get(url).status_code == (200 if name in WRITE_FORMS_ON_GET else 405)
    response = client.post(url, payload(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot() != before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_admin_can_write(name, world, admin_client):
    kwargs, payload = WRITES[name]
    before = snapshot()
    response = admin_client.post(reverse(name, kwargs=kwargs(world)), payload(world))
    assert response.status_code == 302
    assert snapshot() != before


def app_patterns():
    """(name, pattern) for every named URL of the project outside the Django admin."""
    found = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                # The admin guards itself; the JSON API answers 401/403 (tests/test_api.py's matrix).
                if entry.namespace in ("admin", "api"):
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((entry.name, entry))

    walk(get_resolver().url_patterns)
    return found


PUBLIC = {"login", "logout", "healthz", "set_language"}  # set_language: the switch works logged out
# Published fact-checks and their feeds are for readers (tests/test_publishing.py checks them).
PUBLIC |= {
    "factcheck_index",
    "factcheck_public",
    "factcheck_public_bare",
    "factcheck_feed_atom",
    "factcheck_feed_rss",
    "claimreview_feed",
}
# A user's own things, which every role manages (login still required): API tokens.
OWN = {"api_tokens", "api_token_revoke", "account"}


def test_every_url_is_guarded(world, client, viewer):
    """Any URL, including ones added later: anonymous users go to login, viewers cannot POST."""
    ids = {"pk": world["claim"].pk, "evidence_pk": world["evidence"].pk}
    checked = []
    for name, pattern in app_patterns():
        if name in PUBLIC:
            continue
        kwargs = {key: ids.get(key, world["claim"].pk) for key in pattern.pattern.converters}
        url = reverse(name, kwargs=kwargs)
        client.logout()
        assert login_redirect(client.get(url), url), name
        assert login_redirect(client.post(url), url), name
        if name in OWN:
            checked.append(name)
            continue
        client.force_login(viewer)
        before = snapshot()
        response = client.post(url, {"triage": "dismissed", "status": "verified", "rationale": "x"})
        assert response.status_code in {403, 405}, (name, response.status_code)
        assert snapshot() == before, name
        checked.append(name)
    assert set(READ_PAGES) | set(WRITES) <= set(checked)


def test_login_page_and_logout(client, editor):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "editor", "password": "correct horse battery staple"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_viewers_see_no_write_forms_editors_do(world, client, viewer, editor):
    claim_url = reverse("claim_detail", args=[world["claim"].pk])
    article_url = reverse("article_detail", args=[world["article"].pk])
    forms = ['id="verdict-form"', 'id="link-source-form"', 'id="claim-edit-form"', 'id="assign-form"', "unlink-"]
    client.force_login(viewer)
    page = client.get(claim_url).content.decode() + client.get(article_url).content.decode()
    assert not [marker for marker in forms + ['id="new-claim-form"', "accept-"] if marker in page]
    assert "Water agency bulletin" in page  # but they read everything
    client.force_login(editor)
    page = client.get(claim_url).content.decode() + client.get(article_url).content.decode()
    assert all(marker in page for marker in forms + ['id="new-claim-form"', f'id="accept-{world["candidate"].pk}"'])
    assert 'id="assign-me"' in page


def test_assign_to_me(world, editor_client, editor):
    claim = world["claim"]
    editor_client.post(reverse("claim_assign", args=[claim.pk]), {"assignee": editor.pk})
    claim.refresh_from_db()
    assert claim.assignee == editor
    assert 'id="assign-me"' not in editor_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
