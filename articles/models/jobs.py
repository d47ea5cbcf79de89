"""Background work (issue 14): batch uploads and big exports, run by articles/tasks.py."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Article


class ImportBatch(models.Model):
    """Many files or a zip archive uploaded at once, imported by a background job (tasks.import_batch).

    The files are stored in the database (ImportFile.data), so that a worker on any host can read
    them. The counts move with each file's result, in the same transaction (ImportFile.record)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("interrupted")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches")
    name = models.CharField(max_length=300, help_text=_("The archive's name, or how many files were chosen."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text=_("Why the job stopped, when it did."))
    job_id = models.BigIntegerField(null=True, blank=True, help_text=_("The procrastinate job importing it."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        indexes = [
            # "My imports" (/imports/): one owner's batches, newest first.
            models.Index(fields=["owner", "-created_at"], name="importbatch_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("import_batch_detail", args=[self.pk])

    @property
    def processed(self) -> int:
        return self.imported + self.duplicates + self.failed

    @property
    def finished(self) -> bool:
        return self.state == self.State.DONE

    def visible_to(self, user) -> bool:
        return user.is_superuser or user.pk == self.owner_id

    def status(self) -> dict:
        """What the progress bar shows (the batch page's JSON)."""
        return {
            "id": self.pk,
            "state": self.state,
            "state_label": str(self.get_state_display()),
            "finished": self.finished,
            "total": self.total,
            "processed": self.processed,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "error": self.error,
        }


class ImportFile(models.Model):
    """One file of a batch: its bytes until it is imported, then its result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        IMPORTED = "imported", _("imported")
        DUPLICATE = "duplicate", _("duplicate")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files", db_index=False)
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField(default=0)
    data = models.BinaryField(default=bytes, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            # Files in upload order: the job's "pending files of batch N by position" and the batch page's
            # "failed files of batch N" both read this index (it starts with batch_id: no FK index needed).
            models.UniqueConstraint(fields=["batch", "position"], name="importfile_batch_position_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"

    def record(self, status: str, *, reason: str = "", article: Article | None = None) -> bool:
        """Store this file's result and count it in its batch, once: a file that has a result already
        (another run of the job got there first) is left as it is and False returned.  Called inside
        the article's own transaction for an imported file, so that the article and the progress are
        committed together (a worker killed in between leaves neither)."""
        column = {
            self.Status.IMPORTED: "imported",
            self.Status.DUPLICATE: "duplicates",
            self.Status.FAILED: "failed",
        }[status]
        files, batches = ImportFile._meta.db_table, ImportBatch._meta.db_table
        # One statement (it runs once per file of a batch): the file's result, then its batch's count
        # when the file was still pending.
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH done AS (UPDATE {files} SET status = %s, reason = %s, article_id = %s, data = ''::bytea "  # noqa: S608 - names from _meta
                f"WHERE id = %s AND status = %s RETURNING batch_id) "
                f"UPDATE {batches} SET {column} = {column} + 1 WHERE id IN (SELECT batch_id FROM done)",
                [status, reason[:2000], article.pk if article else None, self.pk, self.Status.PENDING],
            )
            updated = cursor.rowcount
        if updated:
            self.status, self.reason, self.article = status, reason, article
        return bool(updated)


class ClaimExportFile(models.Model):
    """A claims CSV too big to stream while the editor waits: written by a job (tasks.export_claims)
    through articles/export.py into ExportChunk rows, downloaded by its owner when ready."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("writing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_exports")
    query = models.TextField(blank=True, help_text=_("The claims list's query string."))
    filename = models.CharField(max_length=200)
    base_url = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    expected_rows = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "My exports" on the imports-and-exports page: one owner's files, newest first.
            models.Index(fields=["owner", "-created_at"], name="claimexport_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("claim_export_file", args=[self.pk])

    def visible_to(self, user) -> bool:
        return user.is_superuser or user.pk == self.owner_id


class ExportChunk(models.Model):
    """A piece of a ClaimExportFile (about a megabyte), so that writing and downloading stay flat in memory."""

    export = models.ForeignKey(ClaimExportFile, on_delete=models.CASCADE, related_name="chunks", db_index=False)
    position = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            # The download reads a file's chunks in order through this index (it starts with export_id).
            models.UniqueConstraint(fields=["export", "position"], name="exportchunk_export_position_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.export_id}/{self.position}"
