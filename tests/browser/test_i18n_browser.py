"""The interface in the editor's language, in a real browser: an editor working in Thai records a
verdict, and the main pages at 375 px in every language (screenshots in test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest
from django.conf import settings

from articles.models import Claim, UserPreferences, Verdict
from tests.browser.conftest import click_and_wait, log_in, screenshot
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.browser

# Written for this test: a Khmer and a Thai report with figures.
THAI = "ฝนตกหนักที่เชียงใหม่ 120 มิลลิเมตรเมื่อวันจันทร์ กรมอุตุนิยมวิทยากล่าวว่าน้ำท่วมบ้าน 1,200 หลัง"
THAI_CLAIM = "กรมอุตุนิยมวิทยากล่าวว่าน้ำท่วมบ้าน 1,200 หลัง"
KHMER = "ភ្លៀងធ្លាក់ ៨៥ មីលីម៉ែត្រនៅភ្នំពេញកាលពីថ្ងៃច័ន្ទ។ ក្រសួងបានឱ្យដឹងថាផ្ទះ ៣០០ ខ្នងត្រូវទឹកជំនន់។"

# What the overflow check measures: every button and navigation link must fit in its own box, and
# the page must not scroll sideways (wide tables scroll inside their own box).
OVERFLOW_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('button, nav a, .status, .triage')) {
    if (el.offsetParent === null) continue;
    const inline = getComputedStyle(el).display === 'inline';
    if (el.scrollWidth > el.clientWidth + 1 && !inline) bad.push(el.outerHTML.slice(0, 120));
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && !el.closest('table')) bad.push('off-screen: ' + el.outerHTML.slice(0, 120));
  }
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth + 1) bad.push('page ' + width);
  return bad;
}"""


@pytest.fixture
def thai_claim(editor):
    article = make_article(THAI, title="น้ำท่วมเชียงใหม่", language="th", publisher="ข่าวเหนือ")
    claim = make_claim(article, THAI_CLAIM, language="th", assignee=editor, checkworthiness=0.8)
    make_claim(make_article(KHMER, title="ភ្លៀងនៅភ្នំពេញ", language="km"), triage=Claim.Triage.CANDIDATE, language="km")
    link(claim, editor=editor, title="รายงานกรมอุตุนิยมวิทยา", url="https://example.org/tmd/2026")
    return claim


def test_an_editor_working_in_thai_records_a_verdict(page, live, editor, thai_claim):
    log_in(page, live, "editor")
    # The switch in the navigation, as a person uses it (a form: no JavaScript needed).
    page.locator("#language-select").select_option("th")
    click_and_wait(page, page.locator("#language-submit"))
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_role("heading", name="แดชบอร์ด").is_visible()
    assert UserPreferences.objects.get(user=editor).language == "th"

    click_and_wait(page, page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ข้อกล่าวอ้าง"))
    click_and_wait(page, page.locator("#claim-list").get_by_role("link", name=THAI_CLAIM))
    form = page.locator("#verdict-form")
    form.get_by_label("ยืนยันแล้ว: แหล่งข้อมูลที่เชื่อมโยงสนับสนุน").check()
    form.get_by_label("เหตุผล").fill("ตรงกับรายงานของกรมอุตุนิยมวิทยา")
    form.get_by_label("ทบทวนภายใน (ไม่บังคับ)").fill("2027-01-15")
    click_and_wait(page, form.get_by_role("button", name="บันทึกคำตัดสิน"))

    assert page.get_by_role("status").get_by_text("บันทึกคำตัดสินแล้ว: ยืนยันแล้ว").is_visible()
    first = page.locator("#history li").first
    assert "ยืนยันแล้ว" in first.inner_text() and "ตรงกับรายงาน" in first.inner_text()
    assert "15 ม.ค. 2570" in page.locator("#claim-status").inner_text()  # Buddhist-era year
    verdict = Verdict.objects.get(claim=thai_claim)
    assert verdict.status == "verified" and str(verdict.review_by) == "2027-01-15"  # stored as is
    screenshot(page, "th_claim_after_verdict")


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_main_pages_at_375_px_in_every_language(page, live, editor, thai_claim, language):
    thai_claim.record_verdict(status="verified", rationale="ตรงกับรายงาน", editor=editor)
    UserPreferences.objects.create(user=editor, language=language)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live, "editor")  # the preference is applied at login
    assert page.locator("html").get_attribute("lang") == language
    for name, path in [("dashboard", "/"), ("claims", "/claims/"), ("claim", f"/claims/{thai_claim.pk}/")]:
        page.goto(f"{live}{path}")
        assert page.evaluate(OVERFLOW_JS) == [], (language, name)
        screenshot(page, f"i18n_375_{language}_{name}")
    page.goto(f"{live}/login/")
    screenshot(page, f"i18n_375_{language}_login")
