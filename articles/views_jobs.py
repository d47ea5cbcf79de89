"""Pages of the background work (issue 14): an editor's imports (/imports/), a batch's progress
(page and JSON), big claim exports made by a job and their download. Each object is seen by its
owner and by admins only; anyone else gets 404, as if it did not exist."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.export import CONTENT_TYPE as EXPORT_CONTENT_TYPE
from articles.models import ClaimExportFile, ExportChunk, ImportBatch, ImportFile
from articles.paging import paginate


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("owner"), pk=pk)
    if not batch.visible_to(request.user):
        raise Http404("No such import.")
    return batch


def _export(request: HttpRequest, pk: int) -> ClaimExportFile:
    export = get_object_or_404(ClaimExportFile.objects.select_related("owner"), pk=pk)
    if not export.visible_to(request.user):
        raise Http404("No such export.")
    return export


@login_required
@require_GET
def import_batch_list(request: HttpRequest) -> HttpResponse:
    """My imports (batches) and my big exports, newest first."""
    batches = ImportBatch.objects.filter(owner=request.user).select_related("owner")
    context = {
        "page": paginate(batches, request.GET),
        "exports": list(ClaimExportFile.objects.filter(owner=request.user)[:20]),
    }
    return render(request, "articles/import_batch_list.html", context)


@login_required
@require_GET
def import_batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    failures = list(
        ImportFile.objects.filter(batch=batch, status=ImportFile.Status.FAILED)
        .order_by("position")
        .only("name", "reason", "position")
    )
    return render(request, "articles/import_batch_detail.html", {"batch": batch, "failures": failures})


@never_cache
@login_required
@require_GET
def import_batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress bar's data, polled by static/js/import-progress.js."""
    return JsonResponse(_batch(request, pk).status())


@login_required
@permission_required("articles.view_claim", raise_exception=True)
@require_GET
def claim_export_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A big export's page: waiting, ready (with the download link) or failed."""
    return render(request, "articles/claim_export_file.html", {"export": _export(request, pk)})


@login_required
@permission_required("articles.view_claim", raise_exception=True)
@require_GET
def claim_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export(request, pk)
    if export.state != ClaimExportFile.State.DONE:
        return redirect(export)
    ids = list(ExportChunk.objects.filter(export=export).order_by("position").values_list("pk", flat=True))

    def chunks():
        for chunk_pk in ids:  # one chunk (about a megabyte) in memory at a time
            yield bytes(ExportChunk.objects.values_list("data", flat=True).get(pk=chunk_pk))

    response = StreamingHttpResponse(chunks(), content_type=EXPORT_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    response["Content-Length"] = str(export.size)
    return response


def export_threshold() -> int:
    return int(getattr(settings, "EXPORT_ASYNC_THRESHOLD", 50000))


def queue_export(request: HttpRequest, queryset, filename: str) -> ClaimExportFile | None:
    """A ClaimExportFile queued for a job when ``queryset`` holds more than EXPORT_ASYNC_THRESHOLD
    claims (counted no further than that), else None: the caller streams the file itself."""
    from django.db import transaction

    from articles import tasks

    threshold = export_threshold()
    if queryset.order_by()[: threshold + 1].count() <= threshold:
        return None
    with transaction.atomic():
        export = ClaimExportFile.objects.create(
            owner=request.user,
            query=request.GET.urlencode(),
            filename=filename,
            base_url=f"{request.scheme}://{request.get_host()}",
            expected_rows=queryset.order_by().count(),
        )
        tasks.export_claims.defer(export_id=export.pk)
    return export


def export_queued_message() -> str:
    return _(
        "This export is large: it is being written in the background. Download it from this page when it is ready."
    )
