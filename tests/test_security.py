"""Login lockout (django-axes), the Content-Security-Policy on every page, password rules, sessions
and the request limits' own pages (README, "Security")."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from tests.urlwalk import routes, urls, world  # noqa: F401 (world: a fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _login(client, username: str, password: str, address: str = "192.0.2.10", path: str = "/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username: str, times: int, address: str = "192.0.2.10", path: str = "/login/") -> list[int]:
    return [_login(client, username, "wrong password", address, path).status_code for _ in range(times)]


def test_lockout_by_username_from_any_address(client, editor, settings):
    # Each failure from another address: only the account's count reaches the limit.
    statuses = [
        _login(client, "editor", "nope", f"198.51.100.{i}").status_code for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again, with its error
    assert statuses[-1] == 429
    # Locked now: even the right password, from a fresh address, gets the lockout page.
    response = _login(client, "editor", PASSWORD, "203.0.113.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session
    assert "<script" not in page and "style=" not in page


def test_lockout_by_address_for_every_username(client, editor, other_editor, settings):
    names = [f"guess{i}" for i in range(settings.AXES_FAILURE_LIMIT)]
    statuses = [_login(client, name, "nope", "192.0.2.50").status_code for name in names]
    assert statuses[-1] == 429
    # Another real account from the same address is locked too; from elsewhere it is not.
    assert _login(client, "other_editor", PASSWORD, "192.0.2.50").status_code == 429
    assert _login(client, "other_editor", PASSWORD, "192.0.2.51").status_code == 302


def test_a_successful_login_resets_the_count(client, editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail(client, "editor", limit - 1) == [200] * (limit - 1)
    assert _login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    # The earlier failures are forgotten: limit - 1 more still do not lock.
    assert _fail(client, "editor", limit - 1) == [200] * (limit - 1)
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_admin_login_is_throttled_too(client, admin_user, settings):
    statuses = _fail(client, "admin", settings.AXES_FAILURE_LIMIT, path="/admin/login/")
    assert statuses[-1] == 429
    assert _login(client, "admin", PASSWORD, "203.0.113.7", "/admin/login/").status_code == 429


def test_admin_unlocks_in_django_admin_and_with_axes_reset(client, editor, admin_user, settings):
    _fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert _login(client, "editor", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username="editor")

    client.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "editor" in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="editor").exists()
    client.logout()
    assert _login(client, "editor", PASSWORD).status_code == 302
    client.logout()

    _fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert _login(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "192.0.2.10")
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_client_address_behind_trusted_proxies(client, editor, settings):
    """With TRUSTED_PROXY_COUNT=1 the address is the proxy's last X-Forwarded-For entry, so a
    client cannot dodge the per-address lock by forging the header's first entries."""
    settings.TRUSTED_PROXY_COUNT = 1
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/login/",
            {"username": f"guess{i}", "password": "nope"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 198.51.100.7",
        )
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").count() == settings.AXES_FAILURE_LIMIT
    blocked = client.post(
        "/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert blocked.status_code == 429


# --- Content-Security-Policy --------------------------------------------------------------

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_every_page_sends_the_strict_policy(world, client, editor, admin_user):  # noqa: F811
    """Walk the URLconf as anonymous, editor and admin: every response carries the policy, and no
    page that renders has an inline script or style."""
    checked = 0
    for login in (client.logout, lambda: client.force_login(editor), lambda: client.force_login(admin_user)):
        for route in routes():
            for url in urls(route, absurd=False):
                login()
                response = client.get(url)
                policy = _policy(response)
                assert all(policy.get(key) == value for key, value in DIRECTIVES.items()), (url, policy)
                assert "unsafe-inline" not in response["Content-Security-Policy"]
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    html = response.content.decode()
                    assert " style=" not in html, url
                    for tag in html.split("<script")[1:]:
                        opening = tag.split(">", 1)[0]
                        assert "src=" in opening or 'type="application/ld+json"' in opening, (url, opening)
                checked += 1
    assert checked > 100


def test_error_pages_carry_the_policy(editor_client):
    for response in (
        editor_client.get("/claims/?page=abc"),
        editor_client.get("/no-such-page/"),
        editor_client.post("/claims/", data="q=" + "a" * (11 * 1024 * 1024), content_type="text/plain"),
    ):
        assert response.status_code in {400, 404, 405, 413}
        assert _policy(response)["script-src"] == "'self'"


# --- Passwords and sessions ---------------------------------------------------------------


def test_password_validators(editor, settings):
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] == 12
    for weak in ["short1", "password1234", "123456789012345"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=editor)
    validate_password("ngủ ngon, tháng mười hai", user=editor)  # long enough, uncommon, not numeric


def test_admin_refuses_a_weak_password(admin_client, editor):
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    response = admin_client.post(url, {"password1": "abc123", "password2": "abc123", "usable_password": "true"})
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_session_lifetime_is_the_setting(editor_client, settings):
    response = editor_client.post("/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE == 12 * 3600


# --- The request limits' pages -------------------------------------------------------------


def test_ten_megabyte_form_is_413_with_a_message(editor_client):
    response = editor_client.post(
        reverse("import_articles"),
        data="text=" + "a" * (10 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()


def test_a_body_under_the_request_limit_but_over_the_form_limit_is_413(editor_client, settings):
    response = editor_client.post(
        reverse("import_articles"),
        data="text=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("q=a%00b", 400, "NUL character"),
        ("q=" + "x" * 9000, 414, "Address too long"),
        ("page=abc", 400, "not a whole number"),
        ("page=0", 400, "numbered from 1"),
        ("page=99999999999999999999999", 404, "Not found"),
    ],
)
def test_bad_query_strings(editor_client, query, status, message):
    response = editor_client.get(f"{reverse('claim_list')}?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_nul_in_a_form_is_refused_and_nothing_saved(editor_client, world):  # noqa: F811
    from articles.models import Claim

    before = Claim.objects.get(pk=world.pk).text
    response = editor_client.post(
        reverse("claim_edit", args=[world.pk]), {"text": "poisoned\x00text", "claimant": "", "version": 1}
    )
    assert response.status_code == 400
    assert Claim.objects.get(pk=world.pk).text == before


def test_invalid_utf8_is_a_form_error_not_a_500(editor_client):
    response = editor_client.get(f"{reverse('claim_list')}?status=%FF&language=%C0%AF")
    assert response.status_code == 200  # the list page, showing the filter form's errors
    assert 'role="alert"' in response.content.decode()
    assert "Select a valid choice" in response.content.decode()
