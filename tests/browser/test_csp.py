"""The editor's workflow and the admin under the strict Content-Security-Policy, in Chromium: the
text-selection helper runs from static, and the browser reports no violation (console messages
and `securitypolicyviolation` events are both collected)."""

from __future__ import annotations

import re

import pytest

from articles.models import Claim
from tests.browser.conftest import click_and_wait, log_in
from tests.factories import make_article

pytestmark = pytest.mark.browser

BODY = "ท่าเรือรับเรือสินค้า 1,240 ลำในเดือนตุลาคม. The harbour handled 1,240 ships in October, the port said. It rained."
PASSAGE = "The harbour handled 1,240 ships in October"

# Runs before every page's own scripts, outside the page's CSP (Playwright injects it).
LISTEN = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.reportCsp(event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " on " + location.pathname);
});
"""


@pytest.fixture
def violations(page):
    found: list[str] = []
    page.expose_function("reportCsp", lambda text: found.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return found


def _select(page, text: str) -> None:
    """Select `text` inside the article's text with the DOM's selection API, as a mouse drag would."""
    page.evaluate(
        """(text) => {
          const root = document.getElementById("article-text");
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const at = walker.currentNode.data.indexOf(text);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(walker.currentNode, at);
              range.setEnd(walker.currentNode, at + text.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              return;
            }
          }
          throw new Error("text not found");
        }""",
        text,
    )


def test_editor_workflow_under_the_policy(page, live, editor, violations):
    article = make_article(BODY, title="Harbour traffic", language="en")
    response = page.goto(f"{live}/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    log_in(page, live, "editor")

    page.goto(f"{live}/articles/{article.pk}/")
    _select(page, PASSAGE)
    # The helper (static/js/select-claim.js) ran: the form holds the selection's offsets.
    page.wait_for_function("document.querySelector('#new-claim-form [name=span_start]').value !== ''")
    assert page.locator("#selection-preview").inner_text() == PASSAGE
    click_and_wait(page, page.locator("#new-claim-submit"))
    claim = Claim.objects.get(article=article, text=PASSAGE)
    assert page.url.endswith(f"/claims/{claim.pk}/")

    form = page.locator("#verdict-form")
    form.locator("input[name=status][value=outdated]").check()
    form.get_by_label("Rationale").fill("The port's November bulletin revised October to 1,198 ships.")
    click_and_wait(page, form.get_by_role("button", name="Record verdict"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.OUTDATED

    for path in ["/", "/claims/?status=outdated", "/articles/", "/articles/import/"]:
        page.goto(f"{live}{path}")
    assert violations == []

    # The listeners do hear a violation: an inline script added to the page is refused and reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_function("() => true")  # let the report cross over to Python
    for _ in range(50):
        if violations:
            break
        page.wait_for_timeout(100)
    assert any("script-src" in found for found in violations), violations


def test_admin_pages_under_the_policy(page, live, violations):
    from tests.conftest import _user

    _user("admin", is_staff=True, is_superuser=True)
    article = make_article(BODY, title="Harbour traffic", language="en")
    page.goto(f"{live}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("correct horse battery staple")
    click_and_wait(page, page.get_by_role("button", name=re.compile("Log in")))
    for path in [
        "/admin/",
        "/admin/articles/claim/",
        "/admin/articles/claim/?status__exact=unreviewed",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/evidence/add/",
        "/admin/articles/verdict/add/",
        "/admin/auth/user/",
        "/admin/axes/accessattempt/",
    ]:
        response = page.goto(f"{live}{path}")
        assert response.status == 200, path
    # The admin's own scripts ran (the theme toggle and the autocomplete are JavaScript).
    page.goto(f"{live}/admin/articles/evidence/add/")
    assert page.locator(".select2-container").count() >= 1
    assert violations == []
