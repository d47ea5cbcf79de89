"""Every list and detail page runs the same number of SQL queries with 2 or 20 of everything."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Claim, Evidence
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db


def build(n: int, editor, other_editor):
    """n articles, each with n claims; the first claim with n sources and n verdicts."""
    articles = []
    for i in range(n):
        body = " ".join(f"Sentence {j} of article {i} says {j * 7} people came." for j in range(n))
        article = make_article(body, title=f"Article {i} of {n}")
        articles.append(article)
        for j in range(n):
            make_claim(
                article,
                f"Sentence {j} of article {i} says {j * 7} people came.",
                triage=Claim.Triage.CANDIDATE if j % 2 else Claim.Triage.ACCEPTED,
                assignee=editor if j % 3 == 0 else other_editor,
                checkworthiness=0.6,
            )
    claim = articles[0].claims.order_by("span_start").first()
    for k in range(n):
        stance = Evidence.Stance.SUPPORTS if k % 2 else Evidence.Stance.REFUTES
        link(claim, stance=stance, editor=editor, title=f"Source {k}")
        claim.record_verdict(
            status="verified" if k % 2 else "disputed", rationale=f"Reason {k}", editor=editor, review_by=None
        )
        claim.edit(text=f"{claim.text[:40]} v{k}", claimant="", expected_version=claim.version, editor=editor)
    return articles[0], claim


PAGES = {
    "dashboard": lambda article, claim: reverse("dashboard"),
    "article_list": lambda article, claim: reverse("article_list"),
    "article_list_filtered": lambda article, claim: (
        reverse("article_list") + "?has_candidates=yes&q=article&language=en"
    ),
    "article_detail": lambda article, claim: reverse("article_detail", args=[article.pk]),
    "claim_list": lambda article, claim: reverse("claim_list"),
    "claim_list_filtered": lambda article, claim: (
        reverse("claim_list") + "?has_sources=no&triage=candidate&o=-score&q=people&score_min=0.1"
    ),
    "claim_detail": lambda article, claim: reverse("claim_detail", args=[claim.pk]),
    "claim_detail_source_search": lambda article, claim: reverse("claim_detail", args=[claim.pk]) + "?source_q=Source",
}


def count_queries(client, url) -> int:
    cache.clear()  # the dashboard's counts are cached for a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_query_count_does_not_grow_with_data(page_name, editor_client, editor, other_editor, settings):
    small = count_queries(editor_client, PAGES[page_name](*build(2, editor, other_editor)))
    large = count_queries(editor_client, PAGES[page_name](*build(20, editor, other_editor)))
    assert small == large, f"{page_name}: {small} queries with 2 of everything, {large} with 20"
    assert large <= 12, f"{page_name}: {large} queries"


def test_deep_page_costs_the_same_as_the_first(editor_client, editor, other_editor):
    build(12, editor, other_editor)  # 144 claims: three pages
    first = count_queries(editor_client, reverse("claim_list"))
    third = count_queries(editor_client, reverse("claim_list") + "?page=3&o=-created")
    assert first == third
    assert editor_client.get(reverse("claim_list") + "?page=4").status_code == 404


# session, user, the nav's due count, permissions (user and group), the filter form's user lists, and the
# page's own (a list: page ids, their rows, a capped count; the claim page: evidence, verdicts, events, matches).
# The dashboard's counts come from the shared cache in PostgreSQL: a read, and on a miss one write.
BUDGET = {"claim_list": 10, "article_list": 9, "claim_detail": 12, "article_detail": 8, "dashboard": 12}


@pytest.mark.parametrize("page_name", sorted(BUDGET))
def test_query_budget(page_name, editor_client, editor, other_editor, django_assert_max_num_queries):
    url = PAGES[page_name](*build(20, editor, other_editor))
    cache.clear()
    with django_assert_max_num_queries(BUDGET[page_name]):
        assert editor_client.get(url).status_code == 200
