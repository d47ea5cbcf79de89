"""Jobs other than batch imports (issue 14): big exports written by a job, the scheduled jobs,
the admin's job list with its retry action. Job functions run here in the test's transaction;
tests/test_workers.py runs them through real worker processes."""

from __future__ import annotations

import datetime
import io

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from articles import tasks
from articles.models import ClaimExportFile, ExportChunk, ImportBatch, MatchSignalStat
from tests.factories import link, make_article, make_claim
from tests.test_export import EXPORT_URL, export_bytes, parse

pytestmark = pytest.mark.django_db


def jobs(task_name: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, args::text, status FROM procrastinate_jobs WHERE task_name = %s", [task_name])
        return cursor.fetchall()


# --- exports ----------------------------------------------------------------------------------


@pytest.fixture
def claims():
    article = make_article("Rice exports rose 12% in 2025, the ministry said. Prices fell 3% in May.", language="en")
    return [make_claim(article, "Rice exports rose 12% in 2025"), make_claim(article, "Prices fell 3% in May")]


def test_small_exports_stay_streamed(viewer_client, claims, settings):
    settings.EXPORT_ASYNC_THRESHOLD = 2
    assert len(parse(export_bytes(viewer_client))) == 2
    assert not ClaimExportFile.objects.exists() and not jobs("articles.export_claims")


def test_a_big_export_is_written_by_a_job_and_downloaded_by_its_owner(viewer_client, viewer, claims, settings):
    streamed = export_bytes(viewer_client, "?language=en")
    settings.EXPORT_ASYNC_THRESHOLD = 1
    response = viewer_client.get(EXPORT_URL + "?language=en")
    export = ClaimExportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    assert (export.owner, export.query, export.expected_rows, export.state) == (viewer, "language=en", 2, "queued")
    assert export.filename.endswith("-language-en.csv")
    assert [(args, status) for _, args, status in jobs("articles.export_claims")] == [
        (f'{{"export_id": {export.pk}}}', "todo")
    ]
    page = viewer_client.get(export.get_absolute_url()).content.decode()
    assert "2 claims are being written by a background job" in page
    assert viewer_client.get(reverse("claim_export_download", args=[export.pk])).status_code == 302  # not ready

    tasks.CHUNK_BYTES, chunk_bytes = 500, tasks.CHUNK_BYTES  # several chunks for two claims
    try:
        assert tasks.export_claims(export.pk) == {"rows": 2, "bytes": len(streamed)}
    finally:
        tasks.CHUNK_BYTES = chunk_bytes
    export.refresh_from_db()
    assert (export.state, export.rows, export.size) == ("done", 2, len(streamed))
    assert ExportChunk.objects.filter(export=export).count() == -(-len(streamed) // 500)
    response = viewer_client.get(reverse("claim_export_download", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'filename="{export.filename}"')
    downloaded = b"".join(response.streaming_content)
    # the same format, byte for byte, as the streamed export (through articles/export.py)
    assert downloaded == streamed


def test_an_export_is_hidden_from_others(client, viewer, editor, admin_user, claims, settings):
    export = ClaimExportFile.objects.create(owner=viewer, filename="claims.csv", base_url="http://testserver")
    urls = [export.get_absolute_url(), reverse("claim_export_download", args=[export.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # login first
    client.force_login(editor)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(admin_user)
    assert client.get(urls[0]).status_code == 200


def test_my_imports_page_lists_my_exports(viewer_client, viewer):
    export = ClaimExportFile.objects.create(owner=viewer, filename="claims-big.csv", base_url="http://testserver")
    other = ClaimExportFile.objects.create(
        owner=User.objects.create_user("someone"), filename="claims-theirs.csv", base_url="http://testserver"
    )
    page = viewer_client.get(reverse("import_batch_list")).content.decode()
    assert export.get_absolute_url() in page and other.get_absolute_url() not in page


# --- scheduled work ---------------------------------------------------------------------------


def test_periodic_jobs_are_registered_with_their_schedules(settings):
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic == {
        "articles.flag_due_claims": settings.JOBS_FLAG_DUE_CRON,
        "articles.rebuild_signal_stats": settings.JOBS_SIGNAL_STATS_CRON,
        "articles.retry_stalled_jobs": settings.JOBS_STALLED_CHECK_CRON,
        "articles.prune_old_jobs": "30 4 * * *",
    }
    assert (settings.JOBS_FLAG_DUE_CRON, settings.JOBS_SIGNAL_STATS_CRON) == ("0 5 * * *", "0 3 * * 0")


def test_flag_due_job_and_command_do_the_same(editor):
    due = make_claim()
    link(due, editor=editor)
    due.record_verdict(
        status="verified",
        rationale="Checked.",
        review_by=timezone.localdate() - datetime.timedelta(days=2),
        editor=editor,
    )
    make_claim()  # not due
    assert tasks.flag_due_claims(timestamp=0) == {"due": 1, "assigned": 1}
    due.refresh_from_db()
    assert due.assignee == editor
    assert tasks.flag_due_claims(timestamp=0) == {"due": 1, "assigned": 0}
    out = io.StringIO()
    call_command("flag_due_claims", "--assign", stdout=out)
    assert (
        out.getvalue()
        .splitlines()[-1]
        .endswith("1 claim due for review on " + f"{timezone.localdate():%Y-%m-%d}, 0 newly assigned")
    )


def test_weekly_signal_recount():
    article = make_article("Rice exports rose 12% in 2025. Prices fell 3% in May.")
    make_claim(article, "Rice exports rose 12% in 2025", match_signals=["f:12%", "y:2025"])
    make_claim(article, "Prices fell 3% in May", match_signals=["f:3%"])
    MatchSignalStat.objects.all().delete()
    assert tasks.rebuild_signal_stats(timestamp=0) == {"claims": 2}
    assert dict(MatchSignalStat.objects.values_list("signal", "claims")) == {"*": 2, "f:12%": 1, "y:2025": 1, "f:3%": 1}


def test_stalled_jobs_go_back_to_the_queue(editor):
    """A job 'doing' on a worker whose heartbeat is older than JOBS_STALLED_AFTER_SECONDS is retried."""
    batch = ImportBatch.objects.create(owner=editor, name="x.zip")
    job_id = tasks.import_batch.defer(batch_id=batch.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
        )
        (dead,) = cursor.fetchone()
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id")
        (alive,) = cursor.fetchone()
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s", [dead, job_id])
        other = tasks.export_claims.defer(export_id=1)
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s", [alive, other])

    class Context:
        pass

    context = Context()
    context.app = app
    # async_to_sync: the Django connector's queries run in this thread, in the test's transaction
    result = async_to_sync(tasks.retry_stalled_jobs.func)(context, timestamp=0)
    assert result == {"retried": [job_id]}
    statuses = {pk: status for pk, _, status in jobs("articles.import_batch") + jobs("articles.export_claims")}
    assert statuses == {job_id: "todo", other: "doing"}


# --- the admin ----------------------------------------------------------------------------------


def test_admin_lists_jobs_and_retries_a_failed_one(admin_client, editor):
    batch = ImportBatch.objects.create(owner=editor, name="wire.zip", state=ImportBatch.State.FAILED, error="boom")
    job_id = tasks.import_batch.defer(batch_id=batch.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed', attempts = 4 WHERE id = %s", [job_id])
    changelist = reverse("admin:procrastinate_procrastinatejob_changelist")
    page = admin_client.get(changelist).content.decode()
    assert "import_batch" in page and "Failed" in page
    assert admin_client.get(reverse("admin:procrastinate_procrastinatejob_change", args=[job_id])).status_code == 200
    response = admin_client.post(changelist, {"action": "retry", "_selected_action": [job_id]})
    assert response.status_code == 302
    assert jobs("articles.import_batch") == [(job_id, f'{{"batch_id": {batch.pk}}}', "todo")]


def test_admin_queues_an_unfinished_batch_again(admin_client, editor):
    batch = ImportBatch.objects.create(owner=editor, name="wire.zip", state=ImportBatch.State.FAILED, error="boom")
    done = ImportBatch.objects.create(owner=editor, name="done.zip", state=ImportBatch.State.DONE)
    changelist = reverse("admin:articles_importbatch_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).status_code == 200
    admin_client.post(changelist, {"action": "queue_again", "_selected_action": [batch.pk, done.pk]})
    batch.refresh_from_db()
    assert (batch.state, batch.error) == ("queued", "")
    assert [args for _, args, _ in jobs("articles.import_batch")] == [f'{{"batch_id": {batch.pk}}}']


def test_job_pages_are_for_admins_only(editor_client):
    response = editor_client.get(reverse("admin:procrastinate_procrastinatejob_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
