"""In a real browser: every main page renders for an editor (screenshots for people to look at),
and a viewer sees no edit form and is refused when forcing a write."""

from __future__ import annotations

import pytest

from articles.models import Claim, Evidence, Verdict
from tests.browser.conftest import log_in, screenshot
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.browser

KHMER_BODY = "ក្រសួងសុខាភិបាលបានឱ្យដឹងថា មានអ្នកជំងឺគ្រុនឈាមថ្មីចំនួន ១២៥០ នាក់ កាលពីខែមុន។ មន្ត្រីបានបដិសេធមិនផ្តល់មតិបន្ថែម។"
ARABIC_BODY = (
    "انخفض معدل البطالة في عمّان إلى 14.2 في المئة عام 2025. وقال سكان إنهم انتظروا ساعات طويلة أمام مكتب البلدية."
)


def _sample_data(editor):
    """A Khmer article with a candidate and a verified claim, and an Arabic one with a disputed claim."""
    khmer = make_article(KHMER_BODY, title="ចំនួនអ្នកជំងឺគ្រុនឈាមកើនឡើង", language="km", publisher="ព័ត៌មានមេគង្គ")
    verified = make_claim(khmer, KHMER_BODY.split("។")[0] + "។", claimant="ក្រសួងសុខាភិបាល")
    link(verified, Evidence.Stance.SUPPORTS, editor=editor, title="Dengue bulletin, week 41")
    verified.record_verdict(status="verified", rationale="The weekly bulletin gives 1,250.", editor=editor)
    make_claim(
        khmer,
        "មន្ត្រីបានបដិសេធមិនផ្តល់មតិបន្ថែម។",
        triage=Claim.Triage.CANDIDATE,
        origin=Claim.Origin.EXTRACTED,
        checkworthiness=0.31,
        reasons=["named source"],
    )
    arabic = make_article(ARABIC_BODY, title="البطالة في عمّان", language="ar")
    disputed = make_claim(arabic, ARABIC_BODY.split(". ")[0] + ".")
    link(disputed, Evidence.Stance.REFUTES, editor=editor, title="Labour force survey 2025")
    disputed.record_verdict(status="disputed", rationale="The survey gives 16.8 per cent.", editor=editor)
    return khmer, verified, arabic, disputed


def test_main_pages_render_for_an_editor(page, live, editor):
    khmer, verified, arabic, disputed = _sample_data(editor)
    page.goto(f"{live}/claims/")
    assert "/login/" in page.url  # anonymous people are sent to the login page
    screenshot(page, "login")

    log_in(page, live, "editor")
    assert page.get_by_role("button", name="Log out").count() == 1
    screenshot(page, "dashboard")

    page.goto(f"{live}/articles/")
    assert page.get_by_text("ចំនួនអ្នកជំងឺគ្រុនឈាមកើនឡើង").count() >= 1
    screenshot(page, "article_list")

    page.goto(f"{live}/articles/{khmer.pk}/")
    text = page.locator("#article-text")
    assert text.get_attribute("lang") == "km"
    assert text.locator("mark.claim-verified").count() == 1
    assert text.locator("mark.claim-candidate").count() == 1
    screenshot(page, "article_page")

    page.goto(f"{live}/articles/{arabic.pk}/")
    assert page.locator("#article-text").get_attribute("dir") == "rtl"
    screenshot(page, "article_page_arabic")

    page.goto(f"{live}/claims/")
    rows = page.locator("main").get_by_text("انخفض معدل البطالة")
    assert rows.count() >= 1
    screenshot(page, "claim_list")

    page.goto(f"{live}/claims/{disputed.pk}/")
    assert page.locator("#claim-status").get_by_text("disputed").count() >= 1
    assert page.locator("#verdict-form").is_visible()
    assert page.locator("#link-source-form").is_visible()
    # Arabic is edited right to left: the browser itself resolves dir="auto" of the text field.
    claim_text = page.locator("#claim-edit-form textarea")
    assert claim_text.evaluate("el => getComputedStyle(el).direction") == "rtl"
    screenshot(page, "claim_page")


def test_viewer_sees_no_edit_forms_and_a_forced_post_is_refused(page, live, viewer, editor):
    khmer, verified, arabic, disputed = _sample_data(editor)
    log_in(page, live, "viewer")

    page.goto(f"{live}/claims/{disputed.pk}/")
    assert page.locator("#claim-text").inner_text().startswith("انخفض")
    assert page.locator("#evidence").get_by_text("Labour force survey 2025").count() == 1
    for form in ("#verdict-form", "#link-source-form", "#claim-edit-form", "#assign-form", "#triage-form"):
        assert page.locator(form).count() == 0, form
    assert page.get_by_role("button", name="Remove link").count() == 0

    page.goto(f"{live}/articles/{khmer.pk}/")
    assert page.locator("#candidates").get_by_role("button").count() == 0
    assert page.locator("#new-claim-form").count() == 0
    assert page.locator("#edit-article").count() == 0

    # Forcing the write anyway: a POST with the viewer's own session and a valid CSRF token.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live}/claims/{disputed.pk}/verdicts/",
        form={"status": "verified", "rationale": "I am only a viewer."},
        headers={"X-CSRFToken": csrf, "Referer": f"{live}/claims/{disputed.pk}/"},
    )
    assert response.status == 403
    assert Verdict.objects.filter(claim=disputed).count() == 1
    disputed.refresh_from_db()
    assert disputed.status == Claim.Status.DISPUTED
