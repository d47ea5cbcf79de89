"""Publishing in a real browser: an editor publishes a Khmer claim's verdict, a reader without an account
opens the public page (in Khmer, with its ClaimReview JSON-LD), the editor unpublishes it."""

from __future__ import annotations

import json

import pytest

from articles.models import Evidence, FactCheck
from tests.browser.conftest import click_and_wait, log_in, screenshot
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.browser

KHMER = "ក្រសួងបាននិយាយថា ភ្លៀងនៅភ្នំពេញកើនឡើង ២៥ ភាគរយ ក្នុងឆ្នាំ ២០២៥"


def test_editor_publishes_reader_reads_editor_unpublishes(page, live, editor, browser):
    article = make_article(KHMER + "។ ការសិក្សាបន្ថែមកំពុងបន្ត។", language="km", url="https://news.example.kh/rain")
    claim = make_claim(article, KHMER, claimant="ក្រសួងធនធានទឹក")
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor, title="Rainfall bulletin")
    claim.record_verdict(status="verified", rationale="The bulletin gives 25%.", editor=editor)

    log_in(page, live, "editor")
    page.goto(f"{live}/claims/{claim.pk}/")
    click_and_wait(page, page.locator("#claim-publish-link"))
    page.get_by_label("Headline").fill("ភ្លៀងកើនឡើង ២៥ ភាគរយ ពិតឬទេ?")
    page.get_by_label("Short public summary").fill("ពិត៖ ព្រឹត្តិបត្ររបស់ក្រសួងបង្ហាញ ២៥ ភាគរយ។")
    screenshot(page, "publish_page")
    click_and_wait(page, page.get_by_role("button", name="Publish"))
    fact_check = FactCheck.objects.get()
    public = page.locator("#published-url a")
    assert public.get_attribute("href") == fact_check.get_absolute_url()

    # A reader with no account: a fresh browser context, no cookies.
    reader = browser.new_context()
    reader_page = reader.new_page()
    reader_page.goto(live + fact_check.get_absolute_url())
    assert reader_page.locator("html").get_attribute("lang") == "km"
    assert reader_page.locator("#fc-rating").inner_text().startswith("ពិត")
    data = json.loads(reader_page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == KHMER
    screenshot(reader_page, "public_fact_check")

    click_and_wait(page, page.get_by_role("button", name="Unpublish"))
    assert page.locator("#unpublished-note").is_visible()
    assert reader_page.goto(live + fact_check.get_absolute_url()).status == 404
    reader.close()
