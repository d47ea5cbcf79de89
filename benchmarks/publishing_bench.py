"""Server time of the public fact-check pages and feeds, and the speed of import_claimreviews.

    make bench-publishing          # or: .venv/bin/python -m benchmarks.publishing_bench --help

Fills a dedicated database (default postgresql://postgres@127.0.0.1:5432/factcheck_bench_publishing,
or --database-url / BENCH_PUBLISHING_DATABASE_URL) with --articles articles and --claims claims
through benchmarks/bulk.py (skipped when it holds that many), publishes --fact-checks of the claims
that have a verdict (one INSERT ... SELECT), then times with Django's test Client, anonymous: a
public fact-check page, the Atom feed, the ClaimReview data feed (all of them, and one language)
and the fact-checks list, median and p95 with their query counts. Last it imports a generated
ClaimReview feed of --reviews records (one in ten broken, one in ten a duplicate) into a
transaction that is rolled back, and prints records per second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from benchmarks.common import create_database, setup_django

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_publishing"


def _fill(n_articles: int, n_claims: int, n_fact_checks: int) -> int:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.bulk import fill

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_claim")
        (have,) = cursor.fetchone()
        if have < n_claims:
            print(f"filling {n_articles:,} articles and {n_claims - have:,} claims...")
            counts = fill(connection, n_articles, n_claims - have, seed=have + 1, progress=False)
            print("filled:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        cursor.execute("SELECT count(*) FROM articles_factcheck")
        (published,) = cursor.fetchone()
        if published < n_fact_checks:
            # Claims with a verdict and an article URL, spread over the languages, not yet published.
            cursor.execute(
                """
                INSERT INTO articles_factcheck (claim_id, headline, summary, rating_label, rating_status, slug,
                    language, published_at, updated_at)
                SELECT c.id, left(c.text, 120), 'Benchmark summary of claim ' || c.id, '', '', 'bench-' || c.id,
                    c.language, now() - (c.id %% 1000) * interval '1 hour', now()
                FROM articles_claim c
                WHERE c.status <> 'unreviewed' AND c.triage <> 'dismissed'
                  AND NOT EXISTS (SELECT 1 FROM articles_factcheck f WHERE f.claim_id = c.id)
                ORDER BY c.id LIMIT %s
                """,
                [n_fact_checks - published],
            )
            print(f"published {cursor.rowcount:,} fact-checks")
        cursor.execute("ANALYZE articles_factcheck")
        cursor.execute("SELECT count(*) FROM articles_factcheck WHERE unpublished_at IS NULL")
        return cursor.fetchone()[0]


def _time(client, url: str, runs: int, headers: dict | None = None) -> tuple[float, float, int, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    headers = headers or {}
    expected = 304 if headers else 200
    with connection.execute_wrapper(count):
        response = client.get(url, headers=headers)
    assert response.status_code == expected, (url, response.status_code)
    size = len(response.content)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expected
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries), size


def _feed_document(n: int) -> str:
    elements = []
    for i in range(n):
        record = {
            "@type": "ClaimReview",
            "url": f"https://bench-checkers.example.org/review-{time.time_ns()}-{i}",
            "claimReviewed": f"The ministry said {i * 7} households in Province {i % 40} lost power in 2025",
            "author": {"@type": "Organization", "name": "Bench Checkers"},
            "datePublished": "2026-10-05",
            "inLanguage": "en",
            "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5},
        }
        if i % 10 == 3:
            del record["reviewRating"]  # broken
        if i % 10 == 7:
            record["url"] = elements[-1]["item"][0]["url"]  # a duplicate of the one before
        elements.append({"@type": "DataFeedItem", "item": [record]})
    return json.dumps({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PUBLISHING_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--fact-checks", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    create_database(args.database_url)
    setup_django(args.database_url)
    from django.core.signals import request_started
    from django.db import reset_queries, transaction
    from django.test import Client

    from articles.claimreviews import import_feed
    from articles.models import FactCheck

    request_started.disconnect(reset_queries)  # keep each request's queries for the count
    public = _fill(args.articles, args.claims, args.fact_checks)
    client = Client()
    middle = FactCheck.objects.public().order_by("pk")[public // 2]
    language = middle.language
    pages = [
        ("public fact-check page", middle.get_absolute_url(), args.runs),
        ("fact-checks list (50)", "/fact-checks/", args.runs),
        ("Atom feed (50 entries)", "/fact-checks/feed.atom", args.runs),
        (f"ClaimReview data feed, ?language={language}", f"/fact-checks/claimreview.json?language={language}", 5),
        (f"ClaimReview data feed, all {public:,}", "/fact-checks/claimreview.json", 3),
    ]
    since = client.get("/fact-checks/claimreview.json")["Last-Modified"]
    print(f"\n{public:,} public fact-checks; anonymous requests through Django's test Client")
    print(f"{'page':<48} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'bytes':>12}")
    for name, url, runs in pages:
        median, p95, queries, size = _time(client, url, runs)
        print(f"{name:<48} {queries:>7} {median:>10.1f} {p95:>8.1f} {size:>12,}")
    median, p95, queries, size = _time(
        client, "/fact-checks/claimreview.json", args.runs, headers={"If-Modified-Since": since}
    )
    print(f"{'ClaimReview data feed, unchanged (304)':<48} {queries:>7} {median:>10.1f} {p95:>8.1f} {size:>12,}")

    document = _feed_document(args.reviews)
    with transaction.atomic():
        started = time.perf_counter()
        report = import_feed(document)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"\nimport_claimreviews: {args.reviews:,} records ({report.line()}) in {seconds:.2f} s, "
        f"{args.reviews / seconds:,.0f} records/s (rolled back)"
    )


if __name__ == "__main__":
    main()
