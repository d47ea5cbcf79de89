"""A zip uploaded on the import page, imported by a real worker process while the batch page's
progress bar follows it (static/js/import-progress.js polling the JSON status), as an editor sees it."""

from __future__ import annotations

import io
import zipfile

import pytest

from articles.models import Article, ImportBatch
from tests.browser.conftest import click_and_wait, log_in, screenshot
from tests.jobs import Worker, clear_queue
from tests.text import articles as samples

pytestmark = pytest.mark.browser


def _archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("desk/en.txt", samples.ENGLISH)
        archive.writestr("desk/km.txt", samples.KHMER)
        archive.writestr("desk/ja.txt", samples.JAPANESE)
        archive.writestr("desk/again.txt", samples.ENGLISH)
        archive.writestr("desk/scan.png", b"\x89PNG\r\n\x1a\n\x00\x00")
        archive.writestr("../outside.txt", samples.THAI)
    return buffer.getvalue()


def test_zip_upload_with_a_progress_bar(page, live, editor):
    clear_queue()
    log_in(page, live, "editor")
    page.goto(f"{live}/articles/import/")
    page.get_by_label("Or upload files").set_input_files(
        files=[{"name": "desk.zip", "mimeType": "application/zip", "buffer": _archive()}]
    )
    click_and_wait(page, page.get_by_role("button", name="Import"))

    batch = ImportBatch.objects.get()
    assert page.url == f"{live}{batch.get_absolute_url()}"
    bar = page.locator("progress#batch-bar")
    assert bar.get_attribute("max") == "6"
    assert page.locator("#batch-state").inner_text() == "waiting for a worker"
    assert page.locator("#batch-failed").inner_text() == "1"  # the path trick, refused at upload
    screenshot(page, "import_batch_waiting")

    # The worker starts only now: the page, already open, follows it without a reload by hand.
    worker = Worker()
    try:
        page.locator("#batch-state[data-state=done]").wait_for(timeout=90_000)
        # the failures of the job are listed once the page has reloaded itself (server-rendered)
        page.get_by_text("desk/scan.png: binary file").wait_for()
    finally:
        worker.stop()
        clear_queue()
    assert bar.get_attribute("value") == "6"
    assert [page.locator(f"#batch-{name}").inner_text() for name in ("imported", "duplicates", "failed")] == [
        "3",
        "1",
        "2",
    ]
    failures = page.locator("#batch-failures").inner_text()
    assert "desk/scan.png: binary file (a PNG image), not text" in failures
    assert "../outside.txt: its path leads out of the archive (..), refused" in failures
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "ja", "km"]
    screenshot(page, "import_batch_done")

    page.goto(f"{live}/imports/")
    assert page.locator("#batch-list").get_by_role("link", name="desk.zip").is_visible()
