"""Background jobs (issue 14), run by procrastinate workers from the queue in the app's own PostgreSQL
(`python manage.py procrastinate worker`; `make run` starts one next to the web server).

- import_batch: a batch upload (articles/batches.py) through the import pipeline, resuming where
  a killed worker stopped: each file's result is committed with its article (ImportFile.record).
- export_claims: a claims CSV over EXPORT_ASYNC_THRESHOLD rows, written through articles/export.py.
- Periodic: flag_due_claims (daily), rebuild_signal_stats (weekly), retry_stalled_jobs (every
  minute: jobs of a worker that stopped sending heartbeats go back to the queue), prune_old_jobs.
Schedules are settings (JOBS_*_CRON). This module is found by procrastinate's Django app
(PROCRASTINATE_AUTODISCOVER_MODULE_NAME, "tasks" by default).
"""

from __future__ import annotations

import functools
import logging
import tempfile

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from articles import importing
from articles.models import Claim, ClaimExportFile, ExportChunk, ImportBatch, ImportFile

logger = logging.getLogger(__name__)

# A job that raises (the database went away, say) is tried again: three more times, a minute apart.
RETRY = RetryStrategy(max_attempts=3, wait=60)
CHUNK_BYTES = 1024 * 1024


# --- batch imports ----------------------------------------------------------------------------


@app.task(name="articles.import_batch", retry=RETRY)
def import_batch(batch_id: int) -> dict:
    """Import a batch's files that have no result yet, in upload order, and mark it done."""
    return run_import_batch(batch_id)


def run_import_batch(batch_id: int) -> dict:
    batch = ImportBatch.objects.select_related("owner").filter(pk=batch_id).first()
    if batch is None or batch.state == ImportBatch.State.DONE:
        return {"skipped": True}
    ImportBatch.objects.filter(pk=batch_id).update(
        state=ImportBatch.State.RUNNING, started_at=Coalesce(F("started_at"), timezone.now()), error=""
    )
    pending = list(
        ImportFile.objects.filter(batch_id=batch_id, status=ImportFile.Status.PENDING)
        .order_by("position")
        .only("pk", "batch_id", "name")
    )
    # import_sources gives the results in the order of the files, and stores each article while its
    # own result is being made: the file in hand is the one after those with a result.
    done = 0

    def current() -> ImportFile:
        return pending[done]

    def on_stored(result: importing.ImportResult) -> None:
        current().record(ImportFile.Status.IMPORTED, article=result.article)

    def on_result(result: importing.ImportResult) -> None:
        nonlocal done
        file = current()
        if result.status != importing.IMPORTED:
            file.record(result.status, reason=result.reason, article=result.article)
        done += 1

    try:
        summary = importing.import_sources(
            _sources(pending),
            user=batch.owner,
            on_result=on_result,
            on_stored=on_stored,
        )
    except Exception as error:
        ImportBatch.objects.filter(pk=batch_id).update(state=ImportBatch.State.FAILED, error=str(error)[:2000])
        raise
    ImportBatch.objects.filter(pk=batch_id).update(state=ImportBatch.State.DONE, finished_at=timezone.now())
    return {"imported": summary.imported, "duplicates": summary.duplicates, "failed": summary.failed}


# Files' bytes are read from the database this many at a time (at most IMPORT_MAX_BYTES each).
READ_AHEAD = 20


def _sources(pending: list[ImportFile]):
    """(name, read) pairs for importing.import_sources, the bytes fetched READ_AHEAD files per query."""
    for start in range(0, len(pending), READ_AHEAD):
        group = pending[start : start + READ_AHEAD]
        data = dict(ImportFile.objects.filter(pk__in=[f.pk for f in group]).values_list("pk", "data"))
        for file in group:
            yield file.name, functools.partial(bytes, data.pop(file.pk, None) or b"")


# --- big exports ------------------------------------------------------------------------------


@app.task(name="articles.export_claims", retry=RETRY)
def export_claims(export_id: int) -> dict:
    """Write a ClaimExportFile's CSV (articles/export.py) into its chunks."""
    from articles.export import ClaimExport
    from articles.filters import ClaimFilter

    export = ClaimExportFile.objects.filter(pk=export_id).first()
    if export is None or export.state == ClaimExportFile.State.DONE:
        return {"skipped": True}
    ClaimExportFile.objects.filter(pk=export_id).update(state=ClaimExportFile.State.RUNNING, error="")
    filterset = ClaimFilter(QueryDict(export.query), queryset=Claim.objects.all())
    if not filterset.is_valid():
        ClaimExportFile.objects.filter(pk=export_id).update(
            state=ClaimExportFile.State.FAILED, error=str(filterset.errors)[:2000]
        )
        return {"failed": True}
    writer = ClaimExport(filterset.qs, base_url=export.base_url)
    try:
        # COPY holds the connection while it streams: the CSV goes to a local temporary file first,
        # then into the database in chunks, in one transaction (a half-written file is never shown).
        with tempfile.TemporaryFile() as spool:
            size = 0
            for piece in writer.stream():
                spool.write(piece)
                size += len(piece)
            spool.seek(0)
            with transaction.atomic():
                ExportChunk.objects.filter(export_id=export_id).delete()
                position = 0
                while piece := spool.read(CHUNK_BYTES):
                    ExportChunk.objects.create(export_id=export_id, position=position, data=piece)
                    position += 1
                ClaimExportFile.objects.filter(pk=export_id).update(
                    state=ClaimExportFile.State.DONE, rows=writer.rows, size=size, finished_at=timezone.now()
                )
    except Exception as error:
        ClaimExportFile.objects.filter(pk=export_id).update(state=ClaimExportFile.State.FAILED, error=str(error)[:2000])
        raise
    return {"rows": writer.rows, "bytes": size}


# --- scheduled work ---------------------------------------------------------------------------


@app.periodic(cron=settings.JOBS_FLAG_DUE_CRON)
@app.task(name="articles.flag_due_claims", queueing_lock="flag_due_claims")
def flag_due_claims(timestamp: int) -> dict:
    """Daily: the claims due for review, each assigned to the editor of its latest verdict (what
    `manage.py flag_due_claims --assign` does for cron users)."""
    claims, assigned = Claim.objects.flag_due(assign=True)
    logger.info("%d claims due for review, %d newly assigned", len(claims), assigned)
    return {"due": len(claims), "assigned": assigned}


@app.periodic(cron=settings.JOBS_SIGNAL_STATS_CRON)
@app.task(name="articles.rebuild_signal_stats", queueing_lock="rebuild_signal_stats")
def rebuild_signal_stats(timestamp: int) -> dict:
    """Weekly: recount the match-signal table (articles.matching.rebuild_signal_stats)."""
    from articles.matching import rebuild_signal_stats as rebuild

    return {"claims": rebuild()}


@app.periodic(cron=settings.JOBS_STALLED_CHECK_CRON)
@app.task(name="articles.retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> dict:
    """Jobs left 'doing' by a worker that sent no heartbeat for JOBS_STALLED_AFTER_SECONDS (killed,
    its host gone) go back to the queue; another worker picks them up (an import batch resumes)."""
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=settings.JOBS_STALLED_AFTER_SECONDS))
    for job in stalled:
        logger.warning("Retrying job %s (%s): its worker stopped", job.id, job.task_name)
        await manager.retry_job(job)
    return {"retried": [job.id for job in stalled]}


@app.periodic(cron="30 4 * * *")
@app.task(name="articles.prune_old_jobs", queueing_lock="prune_old_jobs", pass_context=True)
async def prune_old_jobs(context, timestamp: int) -> None:
    """Daily: succeeded jobs older than a week leave the job list (failed ones stay for the admin)."""
    await context.app.job_manager.delete_old_jobs(nb_hours=24 * 7)
