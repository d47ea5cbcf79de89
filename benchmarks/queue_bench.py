"""Batch imports through the job queue against `import_articles` on the same files (issue 14).

    make bench-queue                      # or: .venv/bin/python -m benchmarks.queue_bench --help

Writes --articles (default 1,000) articles of benchmarks/import_bench.py's generated multilingual
corpus as files and as one zip archive, in a fresh database (default factcheck_bench_queue on
127.0.0.1, dropped and created again; --database-url or BENCH_QUEUE_DATABASE_URL). Each round:

1. `import_articles`: the command on the folder (in this process, timed around the call);
2. the articles are deleted (TRUNCATE), then the queue: the zip is stored as a batch the way the
   import page does (articles.batches.create_batch, timed on its own) and a worker process
   (`manage.py procrastinate worker`, started and idle before the clock starts) imports it; the
   clock stops when the batch is done.

Prints the articles per second of both, and their ratio (goal: the queue at least 0.9x of
import_articles), per round and the best of the rounds.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.import_bench import _fresh_database, _setup_django, write_corpus

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_queue"
ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.9


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"wire/{path.name}")
    return buffer.getvalue()


def _empty_articles() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_matchsignalstat, articles_importbatch, procrastinate_jobs, "
            "procrastinate_events, procrastinate_periodic_defers RESTART IDENTITY CASCADE"
        )


def _start_worker(url: str) -> subprocess.Popen:
    # Production settings (DEBUG off: no query log), like import_articles' timing in this process.
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-only", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--concurrency", "1"], cwd=ROOT, env=env
    )


def _wait_idle_worker(timeout: float = 60) -> None:
    """Until the worker has registered itself in procrastinate_workers."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise SystemExit("the worker did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_QUEUE_DATABASE_URL", DEFAULT_URL), help="dropped and created"
    )
    args = parser.parse_args(argv)

    _fresh_database(args.database_url)
    _setup_django(args.database_url)
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from articles import batches
    from articles.models import Article, ImportBatch
    from articles.text.language import detect_language

    call_command("migrate", verbosity=0)
    detect_language("warm up the language profiles before timing")
    owner = User.objects.create_user("bench-editor")
    folder = Path(tempfile.mkdtemp(prefix="queue-bench-"))
    worker = None
    rows = []
    try:
        write_corpus(folder, args.articles, args.seed)
        archive = _zip(folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"corpus: {args.articles:,} files, {size / 1e6:.1f} MB; zip {len(archive) / 1e6:.1f} MB")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for round_number in range(1, args.rounds + 1):
            _empty_articles()
            out = io.StringIO()
            started = time.perf_counter()
            call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=io.StringIO())
            command_seconds = time.perf_counter() - started
            command_imported = Article.objects.count()

            _empty_articles()
            worker = _start_worker(args.database_url)
            _wait_idle_worker()
            started = time.perf_counter()
            batch = batches.create_batch(
                [SimpleUploadedFile("wire.zip", archive, content_type="application/zip")], owner=owner
            )
            stored_seconds = time.perf_counter() - started
            while True:
                batch.refresh_from_db()
                if batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED):
                    break
                if worker.poll() is not None:
                    raise SystemExit("the worker stopped")
                time.sleep(0.05)
            queue_seconds = time.perf_counter() - started
            worker.terminate()
            worker.wait(30)
            worker = None
            queue_imported = batch.imported
            command_rate = command_imported / command_seconds
            queue_rate = queue_imported / queue_seconds
            rows.append((command_rate, queue_rate))
            print(
                f"round {round_number}: import_articles {command_imported:,} articles in {command_seconds:.1f} s = "
                f"{command_rate:.1f} articles/s ({out.getvalue().strip()}); queue {queue_imported:,} in "
                f"{queue_seconds:.1f} s = {queue_rate:.1f} articles/s (upload stored in {stored_seconds:.1f} s, "
                f"batch: imported {batch.imported}, duplicates {batch.duplicates}, failed {batch.failed}); "
                f"ratio {queue_rate / command_rate:.2f}",
                flush=True,
            )
    finally:
        if worker is not None:
            worker.kill()
        shutil.rmtree(folder, ignore_errors=True)
    best_command = max(r[0] for r in rows)
    best_queue = max(r[1] for r in rows)
    ratio = best_queue / best_command
    print(f"best: import_articles {best_command:.1f} articles/s, queue {best_queue:.1f} articles/s, ratio {ratio:.2f}")
    print(f"goal queue >= {GOAL}x import_articles: {'met' if ratio >= GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
