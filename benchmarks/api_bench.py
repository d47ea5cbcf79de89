"""Server time of the JSON API's claims list on a big database.

    make bench-api                     # or: .venv/bin/python -m benchmarks.api_bench --help

Fills its own database (default postgresql://postgres@127.0.0.1:5432/factcheck_bench_api, or
--database-url / BENCH_API_DATABASE_URL) with 100,000 articles and 1,000,000 claims through
benchmarks/bulk.py as `make bench-pages` does (skipped when it already holds that many), then times,
in-process with Django's test Client and an editor's API token, GET /api/claims/: the first page,
a filtered page, and cursor pages half-way down the list (the cursor of the row at position
--deep, what following `next` that far would give): median and p95 over --repeat requests, with
the number of queries and the page query's own SQL time.

Target (issue 11): median under 50 ms for each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from benchmarks.common import create_database, setup_django
from benchmarks.pages_bench import _ensure_filled, _percentile

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_api"
TARGET_MS = 50.0


def _deep_cursor(position: int, where: str = "") -> str:
    """The cursor a client holds after following `next` down to `position` in the newest-first order."""
    from django.db import connection

    from articles.api.pagination import _encode

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT created_at, id FROM articles_claim {where} ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            [position],
        )
        created_at, pk = cursor.fetchone()
    return _encode([created_at, pk])


def _time(client, url: str, headers: dict, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    sqls = [q["sql"] for q in ctx.captured_queries]
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    rows = len(response.json()["results"])
    for _ in range(2):
        client.get(url, headers=headers)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return times, cpu, sqls, rows


def _time_sql(sql: str, repeat: int) -> float:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for round_ in range(repeat + 2):
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            if round_ >= 2:
                times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(args: argparse.Namespace) -> int:
    create_database(args.database_url)
    setup_django(args.database_url)
    _ensure_filled(args.articles, args.claims, args.seed)
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse

    from articles.models import ApiToken

    settings.API_THROTTLE_RATE = "1000000/minute"  # timing the list, not the throttle
    user, _ = User.objects.get_or_create(username="bench_api_editor")
    user.groups.add(Group.objects.get(name="editors"))
    ApiToken.objects.filter(user=user).delete()
    _, key = ApiToken.objects.issue(user, "bench")
    headers = {"Authorization": f"Token {key}"}
    client = Client(HTTP_HOST="localhost")
    url = reverse("api:claim_list")
    filtered = "status=disputed&language=th"
    cases = [
        ("first page", url),
        ("filtered: disputed + th", f"{url}?{filtered}"),
        (f"deep cursor (row {args.deep:,})", f"{url}?cursor={_deep_cursor(args.deep)}"),
        (
            "filtered, deep cursor",
            f"{url}?{filtered}&cursor="
            + _deep_cursor(args.deep // 100, "WHERE status = 'disputed' AND language = 'th'"),
        ),
        ("page_size=200, deep cursor", f"{url}?page_size=200&cursor={_deep_cursor(args.deep)}"),
    ]
    load_before = os.getloadavg()
    results, failures = [], []
    for name, case_url in cases:
        times, cpu, sqls, rows = _time(client, case_url, headers, args.repeat)
        page_sql = next(s for s in sqls if 'FROM "articles_claim"' in s)
        sql_ms = _time_sql(page_sql, args.repeat)
        median, p95 = statistics.median(times), _percentile(times, 0.95)
        ok = median < TARGET_MS
        if not ok:
            failures.append(name)
        results.append((name, len(sqls), rows, median, p95, statistics.median(cpu), sql_ms, ok))
        if args.explain:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + page_sql)
                print(f"\n-- {name}\n" + "\n".join("   " + line for (line,) in cursor.fetchall()))
    print(f"\nGET /api/claims/ over {args.repeat} requests each (test Client, in-process, editor's API token)")
    header = (
        f"{'case':<30} {'queries':>7} {'rows':>5} {'median ms':>10} {'p95 ms':>8} {'Python CPU':>11} "
        f"{'page SQL ms':>12}  target"
    )
    print(header)
    print("-" * len(header))
    for name, n_queries, rows, median, p95, cpu_ms, sql_ms, ok in results:
        verdict = "ok" if ok else "MISSED"
        print(
            f"{name:<30} {n_queries:>7} {rows:>5} {median:>10.1f} {p95:>8.1f} {cpu_ms:>11.1f} "
            f"{sql_ms:>12.1f}  {verdict}"
        )
    load_after = os.getloadavg()
    print(f"Load average before/after (1 min): {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"Target: median < {TARGET_MS:.0f} ms.")
    if failures:
        print("MISSED:", ", ".join(failures), "(run with --explain to see the plans)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_API_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per case")
    parser.add_argument("--deep", type=int, default=500_000, help="position of the deep cursor")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the page queries")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
