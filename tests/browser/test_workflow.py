"""An editor's day in a real browser: log in, import a pasted article, accept a candidate, link a
new source with a stance, record a verdict, and find the claim in its history and in the list."""

from __future__ import annotations

import re

import pytest

from articles.models import Article, Claim, Evidence, Verdict
from tests.browser.conftest import click_and_wait, log_in, screenshot

pytestmark = pytest.mark.browser

# A Vietnamese report with figures: the first, short line is its title.
VIETNAMESE_ARTICLE = """Đà Nẵng công bố số liệu việc làm năm 2025

Tỷ lệ thất nghiệp ở Đà Nẵng giảm xuống còn 2,1% trong năm 2025, theo báo cáo của Sở Lao động.
Thành phố đã tạo thêm 18.500 việc làm mới trong chín tháng đầu năm, cao hơn 12% so với cùng kỳ.
Người dân ở các phường ven biển cho biết họ vẫn khó tìm việc ổn định.
Các số liệu này chưa được kiểm chứng độc lập.
"""
CLAIM_FIGURE = "2,1%"


def test_import_triage_evidence_verdict_and_list(page, live, editor):
    log_in(page, live, "editor")
    assert page.get_by_role("heading", name="Dashboard").is_visible()

    # Import by pasting the text.
    click_and_wait(page, page.get_by_role("link", name="Import").first)
    page.get_by_label("Article text").fill(VIETNAMESE_ARTICLE)
    page.get_by_label("Publisher").fill("Báo Sông Hàn")
    screenshot(page, "import_page")
    click_and_wait(page, page.get_by_role("button", name="Import"))
    assert re.search(r"/articles/\d+/$", page.url)
    assert page.get_by_role("status").get_by_text("Imported with").is_visible()
    article = Article.objects.get()
    assert article.language == "vi"
    assert page.locator("#article-text").get_attribute("lang") == "vi"

    # Accept the candidate that states the unemployment figure.
    candidate = page.locator("#candidates li.candidate").filter(has_text=CLAIM_FIGURE)
    assert candidate.count() == 1
    click_and_wait(page, candidate.get_by_role("button", name=re.compile("^Accept")))
    claim = Claim.objects.get(article=article, text__contains=CLAIM_FIGURE)
    assert claim.triage == Claim.Triage.ACCEPTED
    assert page.locator("#candidates").filter(has_text=CLAIM_FIGURE).count() == 0
    click_and_wait(page, page.locator("#claims").get_by_role("link", name=re.compile(re.escape(CLAIM_FIGURE))))
    assert page.url.endswith(f"/claims/{claim.pk}/")

    # Link a new source that refutes the claim.
    form = page.locator("#link-source-form")
    form.get_by_label("URL", exact=True).fill("https://thongke.example.gov.vn/lao-dong/2025")
    form.get_by_label("Title").fill("Báo cáo lao động việc làm năm 2025")
    form.get_by_label("Publisher").fill("Cục Thống kê Đà Nẵng")
    form.get_by_label("refutes", exact=True).check()
    form.get_by_label("Quoted passage").fill("Tỷ lệ thất nghiệp năm 2025 là 3,4%.")
    click_and_wait(page, form.get_by_role("button", name="Link source"))
    evidence = page.locator("#evidence li.evidence")
    assert evidence.count() == 1
    assert "Báo cáo lao động việc làm năm 2025" in evidence.inner_text()
    assert evidence.locator(".stance").inner_text().strip().lower() == "refutes"
    assert Evidence.objects.get(claim=claim).stance == Evidence.Stance.REFUTES

    # Record the verdict.
    verdict_form = page.locator("#verdict-form")
    verdict_form.locator("input[name=status][value=disputed]").check()
    verdict_form.get_by_label("Rationale").fill("The labour statistics office gives 3.4 per cent for 2025, not 2.1.")
    click_and_wait(page, verdict_form.get_by_role("button", name="Record verdict"))
    history = page.locator("#history")
    first = history.locator("li").first
    assert "disputed" in first.inner_text()
    assert "3.4 per cent" in first.inner_text()
    assert history.get_by_text("Báo cáo lao động việc làm năm 2025").count() == 1  # the source linked, too
    assert page.locator("#claim-status").get_by_text("disputed").count() >= 1
    assert Verdict.objects.get(claim=claim).status == Claim.Status.DISPUTED
    screenshot(page, "claim_page_after_verdict")

    # The claims list, filtered by status through its form.
    click_and_wait(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims"))
    filters = page.locator("form#claim-filters")
    filters.get_by_label("Status", exact=True).select_option("disputed")
    click_and_wait(page, filters.get_by_role("button", name="Filter"))
    assert "status=disputed" in page.url
    rows = page.locator("#claim-list tbody tr")
    assert rows.count() == 1
    assert CLAIM_FIGURE in rows.first.inner_text()
    screenshot(page, "claim_list_disputed")

    filters = page.locator("form#claim-filters")
    filters.get_by_label("Status", exact=True).select_option("verified")
    click_and_wait(page, filters.get_by_role("button", name="Filter"))
    assert "status=verified" in page.url
    assert page.locator("#claim-list tbody tr").count() == 0
