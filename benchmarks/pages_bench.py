"""Server time of the editors' pages on a big database.

    make bench-pages                     # or: .venv/bin/python -m benchmarks.pages_bench --help

Fills a dedicated database (default postgresql://postgres@127.0.0.1:5432/factcheck_bench_pages,
or --database-url / BENCH_PAGES_DATABASE_URL) with at least 100,000 articles and 1,000,000 claims
through benchmarks/bulk.py (skipped when it already holds that many), then times, in-process with
Django's test Client logged in as an editor, the claims list (first page, a filtered page, a deep
page), an article page and a claim page: median and p95 over many requests. For the claims list it
also re-runs, through a plain cursor, the SQL the page ran against the claims table (count and page
rows) so that the page's overhead over its raw query shows as a ratio.

Targets (issue 4): median under 100 ms for each page; the claims list within 3x its raw SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from benchmarks.common import create_database, setup_django

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_pages"
TARGET_MS = 100.0
TARGET_RATIO = 3.0


def _ensure_filled(n_articles: int, n_claims: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.bulk import fill

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM articles_article), (SELECT count(*) FROM articles_claim)")
        have_articles, have_claims = cursor.fetchone()
    if have_articles >= n_articles and have_claims >= n_claims:
        print(f"database already holds {have_articles:,} articles and {have_claims:,} claims: no fill")
        return
    add_claims = max(0, n_claims - have_claims)
    add_articles = max(n_articles - have_articles, -(-add_claims // 10))
    print(f"filling {add_articles:,} articles and {add_claims:,} claims (this takes a few minutes)...")
    counts = fill(connection, add_articles, add_claims, seed=seed + have_articles, progress=True)
    print("filled:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def _editor():
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench_pages_editor")
    user.groups.add(Group.objects.get(name="editors"))
    return user


def _pick_ids() -> tuple[int, int]:
    """An article from the middle of the table and a claim with a long history and evidence."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM articles_article ORDER BY id OFFSET (SELECT count(*) / 2 FROM articles_article) LIMIT 1"
        )
        article_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT v.claim_id FROM articles_verdict v JOIN articles_evidence e ON e.claim_id = v.claim_id "
            "WHERE v.claim_id > (SELECT max(id) / 2 FROM articles_claim) "
            "GROUP BY v.claim_id ORDER BY count(DISTINCT v.id) DESC, count(DISTINCT e.id) DESC LIMIT 1"
        )
        row = cursor.fetchone()
        claim_id = row[0] if row else None
        if claim_id is None:
            cursor.execute("SELECT id FROM articles_claim ORDER BY id LIMIT 1")
            claim_id = cursor.fetchone()[0]
    return article_id, claim_id


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _time_page(client, url: str, repeat: int) -> tuple[list[float], list[float], int, list[str]]:
    """Wall-clock ms per request, this process's CPU ms per request (Python only: robust to a busy
    machine), the number of queries and their SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    # Read now: `captured_queries` is a view of the connection's log, which the next request resets.
    sqls = [query["sql"] for query in ctx.captured_queries]
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}; is the page there and the editor allowed?")
    for _ in range(2):
        client.get(url)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return times, cpu, len(sqls), sqls


def _time_raw(sqls: list[str], repeat: int) -> list[float]:
    """Run the page's claims-table SQL through a plain cursor; per-repetition totals in ms."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for round_ in range(repeat + 2):
            start = time.perf_counter()
            for sql in sqls:
                cursor.execute(sql)
                cursor.fetchall()
            if round_ >= 2:
                times.append((time.perf_counter() - start) * 1000)
    return times


def _claims_sql(sqls: list[str]) -> list[str]:
    """The list's own queries: those that read the claims table (its count and its page of rows)."""
    return [sql for sql in sqls if 'FROM "articles_claim"' in sql and sql.lstrip().upper().startswith("SELECT")]


def _explain(sqls: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in sqls:
            print("\n--", sql[:400])
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for (line,) in cursor.fetchall():
                print("  ", line)


def run(args: argparse.Namespace) -> int:
    url = args.database_url
    create_database(url)
    setup_django(url)
    _ensure_filled(args.articles, args.claims, args.seed)
    if args.fill_only:
        return 0

    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")
    client.force_login(_editor())
    article_id, claim_id = _pick_ids()
    claims_url = reverse("claim_list")
    # The deepest page the pagination serves, from --deep-page down.
    number = args.deep_page
    while number > 1 and client.get(f"{claims_url}?page={number}").status_code != 200:
        number //= 2
    deep = f"{claims_url}?page={number}"
    load_before = os.getloadavg()
    cases = [
        ("claims list, first page", claims_url, True),
        ("claims list, disputed + th", f"{claims_url}?status=disputed&language=th", True),
        (f"claims list, deep ({deep.rsplit('=', 1)[1]})", deep, True),
        ("article page", reverse("article_detail", args=[article_id]), False),
        ("claim page", reverse("claim_detail", args=[claim_id]), False),
        # Beyond the five: the other pages an editor opens all day.
        ("dashboard", reverse("dashboard"), False),
        ("articles list, first page", reverse("article_list"), False),
    ]
    rows, failures = [], []
    for name, page_url, is_list in cases:
        times, cpu, n_queries, sqls = _time_page(client, page_url, args.repeat)
        median, p95 = statistics.median(times), _percentile(times, 0.95)
        selects = [s for s in sqls if s.lstrip().upper().startswith("SELECT")]
        all_sql = statistics.median(_time_raw(selects, args.repeat))
        raw = ratio = None
        if is_list:
            claim_sqls = _claims_sql(sqls)
            raw = statistics.median(_time_raw(claim_sqls, args.repeat))
            ratio = median / raw if raw else None
            if args.explain:
                _explain(claim_sqls)
        elif args.explain:
            _explain(selects)
        ok = median < TARGET_MS and (ratio is None or ratio <= TARGET_RATIO)
        if not ok:
            failures.append(name)
        rows.append((name, page_url, n_queries, median, p95, statistics.median(cpu), all_sql, raw, ratio, ok))

    print(f"\nServer time over {args.repeat} requests each (Django test Client, in-process, logged in as an editor)")
    header = (
        f"{'page':<30} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'Python CPU':>11} {'all SQL ms':>11} "
        f"{'list SQL ms':>12} {'page/list SQL':>14}  target"
    )
    print(header)
    print("-" * len(header))
    for name, _, n_queries, median, p95, cpu_ms, all_sql, raw, ratio, ok in rows:
        raw_s = f"{raw:.1f}" if raw is not None else "-"
        ratio_s = f"{ratio:.1f}x" if ratio is not None else "-"
        verdict = "ok" if ok else "MISSED"
        timing = f"{median:>10.1f} {p95:>8.1f} {cpu_ms:>11.1f} {all_sql:>11.1f} {raw_s:>12} {ratio_s:>14}"
        print(f"{name:<30} {n_queries:>7} {timing}  {verdict}")
    print(
        "\nPython CPU: this process's CPU time per request (median), which a busy machine does not inflate.\n"
        "all SQL: the page's SELECTs re-run through a cursor; list SQL: those reading the claims table "
        "(page ids, rows, capped count, navigation due count)."
    )
    load_after = os.getloadavg()
    print(f"Load average before/after (1 min): {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} CPUs")
    print("URLs:", ", ".join(r[1] for r in rows))
    print(f"Targets: median < {TARGET_MS:.0f} ms per page; claims list <= {TARGET_RATIO:.0f}x its raw SQL.")
    if failures:
        print("MISSED:", ", ".join(failures), "(run with --explain to see the plans)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page")
    parser.add_argument("--deep-page", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the pages' queries")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
