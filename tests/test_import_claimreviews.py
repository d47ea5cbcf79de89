"""`manage.py import_claimreviews`: other fact-checkers' reviews become Sources, and suggested sources."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import matching
from articles.models import ExternalReview, Source
from tests.factories import make_article, make_claim, make_source

pytestmark = pytest.mark.django_db


def review(url: str, claim: str, rating: str = "False", **extra) -> dict:
    record = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Delta Checkers"},
        "datePublished": "2026-10-05",
        "inLanguage": "en",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Governor Lan"}},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating,
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
    }
    record.update(extra)
    return record


GOOD_1 = review("https://checkers.example.org/mekong-catch", "Mekong fish catch fell by 40 percent in 2025")
GOOD_2 = review(
    "https://kiemchung.example.vn/luong-mua",
    "Lượng mưa ở Cần Thơ tăng 25% trong năm 2025",
    rating="Sai",
    inLanguage="vi",
)
GOOD_3 = review("https://checkers.example.org/ev-sales", "Shenzhen sold 120,000 electric buses", rating="Misleading")


def feed(*elements) -> dict:
    """The Google Fact Check data-feed shape: a DataFeed of DataFeedItems, each with its ClaimReviews."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [element]} for element in elements],
    }


def run(tmp_path, document, capsys, *args):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    status = 0
    try:
        call_command("import_claimreviews", str(path), *args)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_good_broken_and_duplicate_records(tmp_path, capsys):
    existing = make_source(url="https://checkers.example.org/ev-sales", title="Added by hand")
    broken = [
        review("", "No URL at all"),  # record 3
        review("https://checkers.example.org/no-rating", "A claim without a rating", reviewRating="True"),
        review("https://checkers.example.org/bad-date", "Bad date", datePublished="5 October"),
        review("javascript:alert(1)", "Hostile URL"),
        {"@type": "Person", "name": "Not a review"},
        review("https://checkers.example.org/empty-claim", "   "),
    ]
    document = feed(GOOD_1, GOOD_2, *broken, GOOD_1, GOOD_3)
    document["dataFeedElement"].append("just a string")
    status, out, err = run(tmp_path, document, capsys)
    assert status == 1
    assert out.strip() == "imported 3, duplicates 1, failed 7"
    lines = err.strip().splitlines()
    assert lines[0] == "record 3: no url"
    assert lines[1] == "record 4 (https://checkers.example.org/no-rating): no reviewRating"
    assert "record 5 (https://checkers.example.org/bad-date): datePublished '5 October'" in lines[2]
    assert lines[3].startswith("record 6 (javascript:alert(1)): url") and "not an http(s) URL" in lines[3]
    assert lines[4] == "record 7: @type is 'Person', not ClaimReview"
    assert lines[5] == "record 8 (https://checkers.example.org/empty-claim): no claimReviewed"
    assert lines[6] == "record 11: not a JSON object"
    assert Source.objects.count() == 3  # two new ones and the editor's, which got its review attached
    mekong = ExternalReview.objects.select_related("source").get(source__url=GOOD_1["url"])
    assert mekong.source.publisher == "Delta Checkers" and mekong.source.published.isoformat() == "2026-10-05"
    assert mekong.source.title == GOOD_1["claimReviewed"] and mekong.claimant == "Governor Lan"
    assert mekong.rating == "False (1/5 (worst 1))"
    assert mekong.note == "Rating: False (1/5 (worst 1)), by Delta Checkers, on 2026-10-05."
    assert mekong.match_signals == matching.compute_signals(GOOD_1["claimReviewed"], language="en")
    assert {"n:mekong", "#40%"} <= set(mekong.match_signals)
    assert ExternalReview.objects.get(source=existing).source.title == "Added by hand"
    assert ExternalReview.objects.get(source__url=GOOD_2["url"]).language == "vi"

    # The same feed again stores nothing: every good record is now a duplicate.
    status, out, err = run(tmp_path, document, capsys)
    assert status == 1 and out.strip() == "imported 0, duplicates 4, failed 7"
    assert Source.objects.count() == 3 and ExternalReview.objects.count() == 3


@pytest.mark.parametrize(
    "shape",
    [
        lambda r: r,  # a list
        lambda r: {"@context": "https://schema.org", "@graph": r},  # JSON-LD graph
        lambda r: {"@type": "DataFeed", "dataFeedElement": r},  # a DataFeed of ClaimReviews
    ],
)
def test_feed_shapes(shape, tmp_path, capsys):
    status, out, _ = run(tmp_path, shape([GOOD_1, GOOD_3]), capsys)
    assert status == 0 and out.strip() == "imported 2, duplicates 0, failed 0"


def test_a_single_review_and_bad_files(tmp_path, capsys):
    assert run(tmp_path, GOOD_1, capsys)[0] == 0
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_claimreviews", str(path))
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="no ClaimReview records"):
        call_command("import_claimreviews", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_claimreviews", str(tmp_path / "missing.json"))


def _claim_with_signals(text: str):
    claim = make_claim(make_article(text + ". Another sentence."), text)
    matching.store_signals([claim])
    claim.refresh_from_db()
    return claim


def test_imported_fact_checks_are_suggested_on_the_claim_page(tmp_path, capsys, editor_client):
    run(tmp_path, feed(GOOD_1, GOOD_2, GOOD_3), capsys)
    claim = _claim_with_signals("The Mekong fish catch fell by 40 percent in 2025, the ministry said")
    assert len(claim.match_signals) >= 2
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    mekong = ExternalReview.objects.get(source__url=GOOD_1["url"])
    assert 'id="suggested-reviews"' in html and f'id="review-{mekong.pk}"' in html
    assert "Shenzhen" not in html.split('id="suggested-reviews"')[1].split("</fieldset>")[0]
    # Linking the suggestion uses the ordinary form (the radio carries the source's id).
    response = editor_client.post(
        f"/claims/{claim.pk}/evidence/", {"source": mekong.source_id, "stance": "refutes", "quote": "", "note": ""}
    )
    assert response.status_code == 302 and claim.evidence.get().source_id == mekong.source_id
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert f'id="review-{mekong.pk}"' not in html  # linked: no longer suggested


def test_suggestions_cost_one_query_whatever_the_number_of_reviews(tmp_path, capsys, editor_client):
    claim = _claim_with_signals("The Mekong fish catch fell by 40 percent in 2025, the ministry said")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(claim.get_absolute_url()).status_code == 200
        return len(queries)

    run(tmp_path, feed(GOOD_1), capsys)
    small = count()
    many = [
        review(f"https://checkers.example.org/mekong-{i}", f"Mekong fish catch fell by 40 percent, part {i}")
        for i in range(12)
    ]
    run(tmp_path, feed(*many), capsys)
    large = count()
    assert small == large <= 12, (small, large)
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert html.count('name="source" value="') - html.count('id="review-none"') == 5  # capped at five
