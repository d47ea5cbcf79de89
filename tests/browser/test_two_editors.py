"""Two editors in two browsers on the same claim: nothing is lost, a stale edit is refused, and an
admin sees the admin link."""

from __future__ import annotations

import pytest

from articles.models import Claim, Evidence, Verdict
from tests.browser.conftest import click_and_wait, log_in, screenshot
from tests.conftest import _user
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.browser

THAI_BODY = "สำนักงานสถิติแห่งชาติระบุว่าอัตราการว่างงานลดลงเหลือร้อยละ 0.9 ในปี 2568 ตัวเลขนี้ยังไม่ได้รับการยืนยัน"
THAI_CLAIM = "สำนักงานสถิติแห่งชาติระบุว่าอัตราการว่างงานลดลงเหลือร้อยละ 0.9 ในปี 2568"


@pytest.fixture
def claim(editor):
    article = make_article(THAI_BODY, title="ตัวเลขการว่างงานล่าสุด", language="th")
    claim = make_claim(article, THAI_CLAIM)
    link(claim, Evidence.Stance.SUPPORTS, editor=editor, title="รายงานภาวะการทำงาน ไตรมาส 3")
    link(claim, Evidence.Stance.REFUTES, editor=editor, title="Labour force survey, revised")
    return claim


def test_stale_edit_is_refused_and_both_verdicts_land(page, new_context, live, editor, claim):
    _user("other_editor", "editors")
    other = new_context().new_page()
    log_in(page, live, "editor")
    log_in(other, live, "other_editor")
    url = f"{live}/claims/{claim.pk}/"
    page.goto(url)
    other.goto(url)

    # The first editor saves a new text; the second saves from the page loaded before.
    page.get_by_label("Claim text").fill(THAI_CLAIM + " (ไตรมาส 3)")
    click_and_wait(page, page.get_by_role("button", name="Save text"))
    other.get_by_label("Claim text").fill("อัตราการว่างงานร้อยละ 0.9")
    click_and_wait(other, other.get_by_role("button", name="Save text"))
    assert other.locator("#stale-edit").is_visible()
    assert "อัตราการว่างงานร้อยละ 0.9" in other.locator("#stale-edit").inner_text()
    assert other.locator("#claim-text").inner_text() == THAI_CLAIM + " (ไตรมาส 3)"
    screenshot(other, "claim_page_stale_edit")
    claim.refresh_from_db()
    assert claim.text == THAI_CLAIM + " (ไตรมาส 3)"

    # Both record a verdict from pages loaded before the other's: both are kept, the later one rules.
    page.locator("#verdict-form input[name=status][value=verified]").check()
    page.locator("#verdict-form").get_by_label("Rationale").fill("ตรงกับรายงานของสำนักงานสถิติ")
    other.locator("#verdict-form input[name=status][value=disputed]").check()
    other.locator("#verdict-form").get_by_label("Rationale").fill("The revised survey gives 1.1 per cent.")
    click_and_wait(page, page.get_by_role("button", name="Record verdict"))
    click_and_wait(other, other.get_by_role("button", name="Record verdict"))
    assert list(Verdict.objects.filter(claim=claim).order_by("created_at", "id").values_list("status", flat=True)) == [
        "verified",
        "disputed",
    ]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED
    page.reload()
    verdicts = page.locator("#history li.history-verdict")
    assert verdicts.count() == 2
    assert "disputed" in verdicts.first.inner_text()


def test_admin_sees_the_admin_link_and_the_forms(page, live, claim):
    _user("admin", is_staff=True, is_superuser=True)
    log_in(page, live, "admin")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin", exact=True).is_visible()
    page.goto(f"{live}/claims/{claim.pk}/")
    assert page.locator("#verdict-form").is_visible()
    assert page.locator("#claim-text").get_attribute("lang") == "th"
