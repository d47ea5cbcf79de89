"""Many editors at once: gunicorn (gunicorn.conf.py) on 127.0.0.1 driven by locust, headless.

    make bench-load                        # or: .venv/bin/python -m benchmarks.load_bench --help
    make bench-load BENCH_ARGS="--users 10,50 --duration 20"     # a quick try

Uses the 1,000,000-claim database of bench-pages' filler in its own database (default
postgresql://postgres@127.0.0.1:5432/factcheck_bench_load, or --database-url /
BENCH_LOAD_DATABASE_URL; filled once, 4 to 10 minutes). Serves it with gunicorn.conf.py as in
production (DEBUG off, collected static files, workers and threads from the config's defaults
or --workers/--threads), then for each number of users runs benchmarks/locustfile.py for
--duration seconds twice: the mixed workload (3 editors to 1 viewer: dashboard, claims list
with filters and deep pages, article and claim pages, linking a source, recording a verdict,
a CSV export now and then) and the trivial view (/healthz: one SELECT 1) with the same users
and think time. Every run is bounded by locust's --run-time and stops by itself.

Prints, per level: req/s, p50/p95/p99 and errors of both, and the mixed/trivial throughput
ratio, which is the figure that stays stable on a shared machine; the load average is printed
with them. Per-request figures for each level are in benchmarks/results/ (git-ignored).

Goals (issue 13, on 2 cores): no errors at any level, p99 < 500 ms at 50 users, mixed
throughput at least 0.5x the trivial view's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.common import create_database, setup_django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_load"
P99_TARGET_MS = 500.0
P99_TARGET_USERS = 50
RATIO_TARGET = 0.5
SESSIONS_PER_ROLE = 100  # one session per locust user at 100 users; 20 accounts per role


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sessions(role: str) -> list[str]:
    """Logged-in session keys for bench accounts of `role` (no login per locust user)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    group = Group.objects.get(name=role)
    keys = []
    for i in range(SESSIONS_PER_ROLE):
        user, created = User.objects.get_or_create(username=f"bench_load_{role}_{i % 20}")
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(24 * 3600)
        session.save()
        keys.append(session.session_key)
    return keys


def _deep_page(editor_session: str, wanted: int) -> int:
    """The deepest claims-list page (from `wanted` down) that the app serves."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.cookies[settings.SESSION_COOKIE_NAME] = editor_session
    number = wanted
    while number > 1 and client.get(f"/claims/?page={number}").status_code != 200:
        number //= 2
    return number


def _plan(args: argparse.Namespace) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM articles_article")
        article_min, article_max = cursor.fetchone()
        cursor.execute("SELECT min(id), max(id) FROM articles_claim")
        claim_min, claim_max = cursor.fetchone()
    editors, viewers = _sessions("editors"), _sessions("viewers")
    return {
        "editor_sessions": editors,
        "viewer_sessions": viewers,
        "csrf_secret": secrets.token_hex(16),  # 32 characters: Django accepts the unmasked secret
        "article_min": article_min,
        "article_max": article_max,
        "claim_min": claim_min,
        "claim_max": claim_max,
        "deep_page": _deep_page(editors[0], args.deep_page),
        "wait_min": args.wait_min,
        "wait_max": args.wait_max,
    }


def _server_env(args: argparse.Namespace, port: int, log_dir: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-load-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(log_dir / "access.log"),
        "LOG_LEVEL": "WARNING",
    }
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")
        time.sleep(0.3)


def _locust(host: str, classes: list[str], users: int, duration: int, prefix: Path, plan_path: Path) -> dict:
    """One bounded headless locust run; its aggregated figures and per-request rows."""
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 2)),
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {**os.environ, "LOAD_BENCH_PLAN": str(plan_path)}
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=duration + 120)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))  # noqa: SIM115
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "rows": [r for r in rows if r["Name"] != "Aggregated"],
        "failures": failures,
    }


def run(args: argparse.Namespace) -> int:
    from benchmarks.pages_bench import _ensure_filled

    levels = [int(n) for n in args.users.split(",")]
    create_database(args.database_url)
    setup_django(args.database_url)
    _ensure_filled(args.articles, args.claims, args.seed)
    plan = _plan(args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-load-"))
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan))

    port = _free_port()
    env = _server_env(args, port, work)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    server_log = open(work / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "factcheck.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    results = []
    try:
        _wait_for(f"{host}/healthz")
        import runpy

        os.environ.update({k: v for k, v in env.items() if k.startswith("GUNICORN_")})
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))  # the figures the server read
        print(
            f"gunicorn on {host}: {config['workers']} workers x {config['threads']} threads "
            f"({config['worker_class']}, gunicorn.conf.py), "
            f"{os.cpu_count()} CPUs; think time {args.wait_min}-{args.wait_max} s; "
            f"deep page {plan['deep_page']}; logs in {work}"
        )
        # Warm every worker's connection and the shared counts cache.
        _locust(host, ["EditorUser", "ViewerUser"], 10, 10, work / "warmup", plan_path)
        for users in levels:
            load = os.getloadavg()[0]
            mixed_classes = ["EditorUser", "ViewerUser"]
            mixed = _locust(host, mixed_classes, users, args.duration, work / f"mixed_{users}", plan_path)
            trivial = _locust(host, ["TrivialUser"], users, args.duration, work / f"trivial_{users}", plan_path)
            results.append((users, load, mixed, trivial))
            ratio = mixed["rps"] / trivial["rps"] if trivial["rps"] else 0.0
            print(
                f"  {users:>3} users: mixed {mixed['rps']:.1f} req/s p99 {mixed['p99']:.0f} ms "
                f"errors {mixed['errors']}; trivial {trivial['rps']:.1f} req/s; ratio {ratio:.2f} (load {load:.1f})",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    return _report(args, results, work)


def _report(args: argparse.Namespace, results: list, work: Path) -> int:
    header = (
        f"{'users':>5} {'workload':<8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'ratio':>6} {'load 1m':>7}"
    )
    print(f"\nLoad on gunicorn.conf.py, {args.duration} s per run, {os.cpu_count()} CPUs (shared machine)")
    print(header)
    print("-" * len(header))
    missed = []
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for users, load, mixed, trivial in results:
        ratio = mixed["rps"] / trivial["rps"] if trivial["rps"] else 0.0
        for name, r, shown_ratio in (("mixed", mixed, f"{ratio:.2f}"), ("trivial", trivial, "")):
            print(
                f"{users:>5} {name:<8} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
                f"{r['p99']:>7.0f} {r['errors']:>6} {shown_ratio:>6} {load:>7.1f}"
            )
        if mixed["errors"] or trivial["errors"]:
            missed.append(f"{mixed['errors'] + trivial['errors']} errors at {users} users")
        if users == P99_TARGET_USERS and mixed["p99"] >= P99_TARGET_MS:
            missed.append(f"p99 {mixed['p99']:.0f} ms at {users} users")
        if ratio < RATIO_TARGET:
            missed.append(f"ratio {ratio:.2f} at {users} users")
        detail = RESULTS / f"load-{stamp}-{users}users.txt"
        with open(detail, "w", encoding="utf-8") as out:
            out.write(f"{'request':<28} {'count':>6} {'fails':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}\n")
            for row in mixed["rows"] + trivial["rows"]:
                out.write(
                    f"{row['Name']:<28} {row['Request Count']:>6} {row['Failure Count']:>5} {row['50%']:>6} "
                    f"{row['95%']:>6} {row['99%']:>6} {float(row['Max Response Time']):>7.0f}\n"
                )
            for failure in mixed["failures"] + trivial["failures"]:
                what = f"{failure['Occurrences']}x {failure['Method']} {failure['Name']}"
                out.write(f"FAILED {what}: {failure['Error']}\n")
        print(f"      per request at {users} users: {detail.relative_to(ROOT)}")
        slowest = sorted(mixed["rows"], key=lambda row: -float(row["99%"]))[:3]
        print("      slowest p99:", ", ".join(f"{row['Name']} {float(row['99%']):.0f} ms" for row in slowest))
    print(
        f"\nratio: mixed req/s over trivial (/healthz) req/s, same users and think time. Goals: 0 errors, "
        f"p99 < {P99_TARGET_MS:.0f} ms at {P99_TARGET_USERS} users, ratio >= {RATIO_TARGET}. Server logs: {work}"
    )
    if missed:
        print("MISSED:", "; ".join(missed))
        return 1
    print("All goals met.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--users", default="10,50,100", help="comma-separated concurrent users, one run each")
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument("--wait-min", type=float, default=0.5, help="think time between a user's requests, from")
    parser.add_argument("--wait-max", type=float, default=1.5, help="... to (seconds)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--deep-page", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
