"""The editors' pages render, with the data they promise, for a logged-in editor."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Claim, Evidence
from articles.stats import forget_counts
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    forget_counts()  # the dashboard's counts are cached for a minute


def test_dashboard_shows_counts_assigned_candidates_due_and_recent_verdicts(editor_client, editor):
    article = make_article("ภาษีใหม่ลดลง 5% ในปี 2026. The mayor said 42 people came.", language="th")
    mine = make_claim(article, "The mayor said 42 people came.", assignee=editor)
    make_claim(article, "ภาษีใหม่ลดลง 5% ในปี 2026.", triage=Claim.Triage.CANDIDATE, checkworthiness=0.9)
    due = make_claim(text="Due claim text", review_by=datetime.date(2020, 1, 1))
    link(mine, editor=editor)
    mine.record_verdict(status="verified", rationale="Minutes of the meeting", editor=editor)

    response = editor_client.get(reverse("dashboard"))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="status-counts"' in body and "verified</span></a> 1" in body
    assert "<code>th</code></a> 2" in body
    assert "The mayor said 42 people came." in body.split('id="my-claims"')[1].split("</table>")[0]
    assert "ภาษีใหม่ลดลง" in body.split('id="candidate-claims"')[1].split("</table>")[0]
    assert due.text in body.split('id="due-claims"')[1].split("</table>")[0]
    assert "Minutes" not in body and "recent-verdicts" in body

    make_claim(text="A later claim")
    assert "<code>en</code></a> 1<" in editor_client.get(reverse("dashboard")).content.decode()  # cached
    forget_counts()
    assert "<code>en</code></a> 2<" in editor_client.get(reverse("dashboard")).content.decode()


def test_claim_page_shows_passage_evidence_and_history(editor_client, editor):
    article = make_article("Intro sentence here. The bridge cost 3 million baht. Closing words.")
    claim = make_claim(article, "The bridge cost 3 million baht.")
    evidence = link(claim, editor=editor, title="Budget office report")
    claim.record_verdict(status="verified", rationale="The budget says so.", editor=editor)

    response = editor_client.get(reverse("claim_detail", args=[claim.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'Intro sentence here. <mark class="claim-mark claim-verified">The bridge cost 3 million baht.</mark>' in body
    assert f'id="evidence-{evidence.pk}"' in body and "Budget office report" in body
    history = body.split('id="history"')[1]
    assert history.index("The budget says so.") < history.index("Source linked")


def test_article_page_highlights_spans_by_status_and_lists_sentences(editor_client, editor):
    article = make_article("First claim is here. Second one is a candidate. Third is plain.")
    first = make_claim(article, "First claim is here.")
    make_claim(
        article,
        "Second one is a candidate.",
        triage=Claim.Triage.CANDIDATE,
        checkworthiness=0.75,
        reasons=["number", "statistic"],
    )
    link(first, stance=Evidence.Stance.REFUTES, editor=editor)
    first.record_verdict(status="disputed", rationale="Wrong", editor=editor)

    response = editor_client.get(reverse("article_detail", args=[article.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    text = body.split('id="article-text"')[1].split("</div>")[0]
    assert f'claim-disputed" data-claim="{first.pk}"' in text
    assert "claim-candidate" in text and ">Second one is a candidate.</mark>" in text
    assert "Score <strong>0.75</strong>: number, statistic" in body
    assert '<option value="42-59">Third is plain.</option>' in body or "Third is plain.</option>" in body


def test_claims_list_filters_sorts_paginates_and_links(editor_client, editor):
    article = make_article("One. Two. Three.", language="ar", title="مقال")
    low = make_claim(article, "One.", checkworthiness=0.2)
    high = make_claim(article, "Two.", checkworthiness=0.9, claimant="وزير")
    url = reverse("claim_list")

    body = editor_client.get(url, {"o": "-score"}).content.decode()
    assert body.index(f'id="claim-row-{high.pk}"') < body.index(f'id="claim-row-{low.pk}"')
    assert f'href="{reverse("claim_detail", args=[high.pk])}" class="claim-text" lang="ar" dir="rtl"' in body
    assert f'href="{reverse("article_detail", args=[article.pk])}" lang="ar" dir="rtl"' in body
    assert '<th scope="col" aria-sort="descending"><a href="?o=score">Score</a></th>' in body

    body = editor_client.get(url, {"score_min": "0.5"}).content.decode()
    assert f'id="claim-row-{high.pk}"' in body and f'id="claim-row-{low.pk}"' not in body
    assert 'name="score_min" id="id_score_0" value="0.5"' in body  # the filter keeps its value

    response = editor_client.get(url, {"status": "nonsense", "score_min": "2", "created_after": "yesterday"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="claim-filters-errors"' in body
    # Each error is listed under its field's label (in the interface language).
    assert "Status: Select a valid choice. nonsense is not one of the available choices." in body
    assert "Check-worthiness between: Both bounds must lie between 0 and 1." in body
    assert "Created between: Enter a valid date." in body
    assert "claim-row-" not in body  # a bad filter shows no (unfiltered) results


def test_claims_list_pages_without_counting_everything(editor_client, settings):
    article = make_article(" ".join(f"Sentence {i}." for i in range(60)))
    for i in range(60):
        make_claim(article, f"Sentence {i}.")
    first = editor_client.get(reverse("claim_list")).content.decode()
    assert "1–50 of 60" in first and 'id="page-next"' in first and "Page 1 of 2" in first
    second = editor_client.get(reverse("claim_list"), {"page": 2}).content.decode()
    assert "51–60 of 60" in second and 'id="page-next"' not in second and 'id="page-prev"' in second
    assert editor_client.get(reverse("claim_list"), {"page": "x"}).status_code == 400


def test_article_sentence_list_leaves_out_passages_that_are_claims(editor_client):
    article = make_article("Alpha is first. Beta is second.")
    make_claim(article, "Alpha is first.")
    body = editor_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    options = body.split('name="sentence"')[1].split("</select>")[0]
    assert "Beta is second." in options and "Alpha is first." not in options


def test_paginator_caps_the_count_and_still_pages_on():
    from django.http import QueryDict

    from articles.paging import paginate

    article = make_article(" ".join(f"Line {i}." for i in range(8)))
    for i in range(8):
        make_claim(article, f"Line {i}.")
    claims = Claim.objects.order_by("span_start")
    first = paginate(claims, QueryDict("page=1&status=x"), per_page=3, count_cap=5)
    assert (first.count_display, first.num_pages, first.has_next) == ("more than 5", None, True)
    assert [c.text for c in first] == ["Line 0.", "Line 1.", "Line 2."] and first.query_prefix == "status=x&"
    last = paginate(claims, QueryDict("page=3"), per_page=3, count_cap=5)
    assert [c.text for c in last] == ["Line 6.", "Line 7."] and not last.has_next
    exact = paginate(claims, QueryDict(""), per_page=3, count_cap=100)
    assert (exact.count_display, exact.num_pages) == ("8", 3)
