"""The real queue (issue 14): `manage.py procrastinate worker` processes started by the tests,
the real PostgreSQL connector, committed data. A worker killed in the middle of a batch, another
one finishing it without importing anything twice; a periodic job deferred and run by a worker."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from articles import batches
from articles.models import Article, Claim, ImportBatch, Verdict
from tests.factories import link, make_claim
from tests.jobs import Worker, clear_queue, wait_for

from .text import articles as samples

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = [samples.ENGLISH, samples.VIETNAMESE, samples.THAI, samples.KOREAN, samples.ARABIC]


def distinct_articles(count: int) -> list[SimpleUploadedFile]:
    """``count`` different texts in five languages (each one's own figure makes it new)."""
    files = []
    for n in range(count):
        story = STORIES[n % len(STORIES)].replace("https://", f"https://copy{n}.")  # a URL is unique too
        files.append(SimpleUploadedFile(f"wire-{n:03}.txt", f"{story}\n\nUpdate {n}: 7{n} people, {n}% more.".encode()))
    return files


@pytest.fixture
def queue():
    from articles.roles import ensure_roles

    ensure_roles()  # a flush by an earlier transactional test may have taken the groups
    clear_queue()
    workers: list[Worker] = []
    yield workers
    for worker in workers:
        worker.stop()
    clear_queue()


def job_states(task_name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE task_name = %s ORDER BY id", [task_name])
        return [status for (status,) in cursor.fetchall()]


def test_a_killed_worker_s_batch_is_finished_by_another_without_importing_twice(queue, editor):
    batch = batches.create_batch(distinct_articles(40), owner=editor)
    first = Worker()
    queue.append(first)

    def progressed() -> bool:
        batch.refresh_from_db()
        return batch.processed >= 4

    wait_for(progressed, what="the first worker to import 4 files")
    first.kill()
    batch.refresh_from_db()
    killed_at = batch.processed
    assert batch.state == ImportBatch.State.RUNNING and 4 <= killed_at < 40
    # what was counted is exactly what was stored: progress is committed with each article
    assert Article.objects.count() == batch.imported == killed_at
    assert job_states("articles.import_batch") == ["doing"]

    second = Worker()
    queue.append(second)

    def finished() -> bool:
        batch.refresh_from_db()
        return batch.state == ImportBatch.State.DONE

    wait_for(finished, timeout=180, what="the second worker to finish the batch")
    assert (batch.imported, batch.duplicates, batch.failed) == (40, 0, 0)
    assert Article.objects.count() == 40
    assert sorted(batch.files.values_list("article_id", flat=True)) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
    assert job_states("articles.import_batch") == ["succeeded"]
    with connection.cursor() as cursor:  # the stalled job went back to the queue once
        cursor.execute(
            "SELECT count(*) FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
            "WHERE j.task_name = 'articles.import_batch' AND e.type = 'deferred_for_retry'"
        )
        assert cursor.fetchone() == (1,)


def test_the_daily_review_flags_run_through_the_queue(queue, editor):
    claim = make_claim()
    link(claim, editor=editor)
    claim.record_verdict(
        status=Claim.Status.VERIFIED,
        rationale="Checked against the port authority's figures.",
        review_by=timezone.localdate() - datetime.timedelta(days=1),
        editor=editor,
    )
    assert claim.assignee is None and Verdict.objects.count() == 1
    # the schedule of a test: every second (the default is daily at 05:00 UTC)
    queue.append(Worker(JOBS_FLAG_DUE_CRON="* * * * * *"))

    def assigned() -> bool:
        claim.refresh_from_db()
        return claim.assignee_id == editor.pk

    wait_for(assigned, what="the periodic flag_due_claims job")
    wait_for(lambda: "succeeded" in job_states("articles.flag_due_claims"), what="the job to be marked succeeded")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_periodic_defers WHERE task_name = 'articles.flag_due_claims'"
        )
        assert cursor.fetchone()[0] >= 1


def test_two_workers_share_one_queue(queue, editor):
    """N workers on one PostgreSQL: each batch is imported once, by whichever worker takes it."""
    first = batches.create_batch(distinct_articles(6), owner=editor)
    others = distinct_articles(12)[6:]
    second = batches.create_batch(others, owner=editor)
    queue.extend([Worker(), Worker()])

    def both_done() -> bool:
        return ImportBatch.objects.filter(state=ImportBatch.State.DONE).count() == 2

    wait_for(both_done, timeout=120, what="both batches")
    assert Article.objects.count() == 12
    for batch in (first, second):
        batch.refresh_from_db()
        assert (batch.imported, batch.duplicates, batch.failed) == (6, 0, 0)
