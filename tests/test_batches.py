"""Batch uploads (issue 14): many files or a zip from the import page, stored as a batch and
imported by the import_batch job; the batch page, its JSON status and the list of my imports.

Here the job's function runs in the test's own transaction (tasks.run_import_batch); the real
queue and real worker processes are in tests/test_workers.py."""

from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from articles import importing, tasks
from articles.models import Article, ImportBatch, ImportFile

from .text import articles as samples

pytestmark = pytest.mark.django_db

GOOD = {
    "news/en.txt": samples.ENGLISH,
    "news/th.txt": samples.THAI,
    "news/vi.md": samples.VIETNAMESE,
    "news/ja.html": f"<html><body><article><h1>桜</h1><p>{samples.JAPANESE}</p></article></body></html>",
}


def zip_upload(members: dict[str, bytes | str], name: str = "wire.zip", tweak=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            info = zipfile.ZipInfo(member, date_time=(2026, 12, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if tweak:
                tweak(info)
            archive.writestr(info, content.encode() if isinstance(content, str) else content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def upload(client, files) -> tuple[object, ImportBatch | None]:
    response = client.post(reverse("import_articles"), {"files": files})
    return response, ImportBatch.objects.order_by("-pk").first()


@pytest.fixture
def small_limit(settings):
    settings.IMPORT_MAX_BYTES = 20_000
    return settings.IMPORT_MAX_BYTES


def test_zip_with_good_bad_duplicate_and_oversized_members(editor_client, editor, small_limit):
    already = importing.import_text(samples.KOREAN).article  # imported before the upload
    members = {
        **GOOD,
        "news/en-copy.txt": samples.ENGLISH,  # the same text as a member before it
        "news/ko.txt": samples.KOREAN,  # imported before
        "news/photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "news/empty.txt": "   \n",
        "news/huge.txt": "word " * (small_limit // 4),  # over IMPORT_MAX_BYTES
        "../escape.txt": samples.KHMER,
        "/etc/absolute.txt": samples.CHINESE,
        "news/.DS_Store": b"\x00\x01",  # hidden: skipped, not counted
        "__MACOSX/news/._en.txt": b"\x00\x05",
        "news/folder/": "",
    }
    response, batch = upload(editor_client, [zip_upload(members)])
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.owner == editor and batch.total == 11 and batch.state == ImportBatch.State.QUEUED
    # refused before the job: the oversized member and the two path tricks, with their reasons
    assert batch.failed == 3
    assert Article.objects.count() == 1  # nothing imported in the request

    tasks.run_import_batch(batch.pk)

    batch.refresh_from_db()
    assert (batch.state, batch.imported, batch.duplicates, batch.failed) == ("done", 4, 2, 5)
    assert batch.processed == batch.total
    stored = Article.objects.exclude(pk=already.pk)
    assert sorted(stored.values_list("language", flat=True)) == ["en", "ja", "th", "vi"]
    assert set(stored.values_list("imported_by", flat=True)) == {editor.pk}
    files = {f.name: f for f in batch.files.all()}
    assert files["news/en.txt"].article.language == "en"
    assert (
        files["news/en-copy.txt"].status == "duplicate"
        and files["news/en-copy.txt"].article == files["news/en.txt"].article
    )
    assert files["news/ko.txt"].article == already
    assert not any(f.data for f in files.values())  # the bytes are dropped once the file has a result

    page = editor_client.get(batch.get_absolute_url()).content.decode()
    for count_id, value in (("imported", 4), ("duplicates", 2), ("failed", 5)):
        assert f'<strong id="batch-{count_id}">{value}</strong>' in page
    assert '<progress id="batch-bar" max="11" value="11">' in page
    for reason in (
        "news/photo.png: binary file (a PNG image), not text",
        "news/empty.txt: empty",
        "news/huge.txt: too large (24 kB; the limit is 20 kB)",
        "../escape.txt: its path leads out of the archive (..), refused",
        "/etc/absolute.txt: an absolute path, refused",
    ):
        assert reason in page, reason
    assert "DS_Store" not in page and "MACOSX" not in page


def test_several_files_make_a_batch(editor_client, small_limit):
    files = [
        SimpleUploadedFile("a.txt", samples.ENGLISH.encode()),
        SimpleUploadedFile("b.txt", samples.JAPANESE.encode("utf-16")),
        SimpleUploadedFile("again.txt", samples.ENGLISH.encode()),
        SimpleUploadedFile("big.txt", b"x " * small_limit),
        SimpleUploadedFile("blank.txt", b""),
    ]
    response, batch = upload(editor_client, files)
    assert response.status_code == 302
    assert batch.name == "5 files"
    tasks.run_import_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.imported, batch.duplicates, batch.failed) == (2, 1, 2)
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "ja"]
    reasons = dict(batch.files.filter(status="failed").values_list("name", "reason"))
    assert reasons == {"big.txt": "big.txt: too large (39 kB; the limit is 20 kB)", "blank.txt": "blank.txt: empty"}


def test_symlinks_and_encrypted_members_are_refused(editor_client):
    def as_symlink(info):
        if info.filename == "link.txt":
            info.external_attr = (stat.S_IFLNK | 0o777) << 16

    response, batch = upload(
        editor_client, [zip_upload({"link.txt": "/etc/passwd", "ok.txt": samples.ENGLISH}, tweak=as_symlink)]
    )
    locked = zip_upload({"secret.txt": samples.THAI}, name="locked.zip")
    # Python writes no encrypted zips: set the "encrypted" flag bit of both headers by hand.
    data = bytearray(locked.read())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    response2, batch2 = upload(editor_client, [SimpleUploadedFile("locked.zip", bytes(data))])
    tasks.run_import_batch(batch.pk)
    tasks.run_import_batch(batch2.pk)
    assert dict(batch.files.values_list("name", "reason")) == {
        "link.txt": "link.txt: a symbolic link, refused",
        "ok.txt": "",
    }
    assert batch2.files.get().reason.startswith("secret.txt: encrypted (password-protected), refused")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("setting", "value", "members", "message"),
    [
        ("IMPORT_BATCH_MAX_FILES", 2, {"a.txt": "one", "b.txt": "two", "c.txt": "three"}, "holds 3 files; at most 2"),
        (
            "IMPORT_BATCH_MAX_BYTES",
            1000,
            {"a.txt": "a" * 600, "b.txt": "b" * 600},
            "holds 1 kB once uncompressed; the limit is 1000 bytes",
        ),
        (
            "IMPORT_ZIP_MAX_RATIO",
            100,
            {"bomb.txt": b"0" * (8 * 1024 * 1024)},
            "looks like a zip bomb: bomb.txt inflates",
        ),
    ],
)
def test_whole_archive_refused_stores_nothing(editor_client, settings, setting, value, members, message):
    setattr(settings, setting, value)
    response, batch = upload(editor_client, [zip_upload(members)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert batch is None and not ImportFile.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        assert cursor.fetchone() == (0,)


def test_a_damaged_zip_is_refused(editor_client):
    response, batch = upload(editor_client, [SimpleUploadedFile("broken.zip", b"PK\x03\x04 this is not really a zip")])
    assert response.status_code == 400
    assert "broken.zip is not a readable zip archive" in response.content.decode()
    assert batch is None


def test_the_upload_queues_one_job_with_the_batch(editor_client):
    _, batch = upload(editor_client, [zip_upload(GOOD)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, task_name, args::text, lock, status FROM procrastinate_jobs")
        rows = cursor.fetchall()
    assert rows == [
        (batch.job_id, "articles.import_batch", json.dumps({"batch_id": batch.pk}), f"import-batch-{batch.pk}", "todo")
    ]


def test_running_the_job_again_imports_nothing_twice(editor_client):
    _, batch = upload(editor_client, [zip_upload(GOOD)])
    tasks.run_import_batch(batch.pk)
    assert tasks.run_import_batch(batch.pk) == {"skipped": True}
    # even a batch put back to "running" (a retried job) finds every file done
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.RUNNING)
    tasks.run_import_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.imported, batch.duplicates, batch.failed, Article.objects.count()) == (4, 0, 0, 4)


def test_a_job_stopped_midway_resumes_with_the_files_left(editor_client, monkeypatch):
    """The pipeline dies after the second article (as a killed worker would, here by an exception
    out of the import): the two are counted, the next run imports the other two."""
    _, batch = upload(editor_client, [zip_upload(GOOD)])
    real_store = importing._store
    stored = []

    def dying_store(*args, **kwargs):
        if len(stored) == 2:
            raise KeyboardInterrupt  # not an Exception: nothing in the pipeline catches it
        result = real_store(*args, **kwargs)
        stored.append(result)
        return result

    monkeypatch.setattr(importing, "_store", dying_store)
    with pytest.raises(KeyboardInterrupt):
        tasks.run_import_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.imported, batch.processed, Article.objects.count()) == (2, 2, 2)
    monkeypatch.setattr(importing, "_store", real_store)
    tasks.run_import_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.imported, batch.duplicates, Article.objects.count()) == ("done", 4, 0, 4)


# --- who sees what ----------------------------------------------------------------------------


@pytest.fixture
def batch(editor_client):
    _, batch = upload(editor_client, [zip_upload(GOOD)])
    return batch


def test_status_json_for_its_owner(editor_client, batch, django_assert_num_queries):
    url = reverse("import_batch_status", args=[batch.pk])
    with django_assert_num_queries(3):  # session, user, the batch
        response = editor_client.get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert json.loads(response.content) == {
        "id": batch.pk,
        "state": "queued",
        "state_label": "waiting for a worker",
        "finished": False,
        "total": 4,
        "processed": 0,
        "imported": 0,
        "duplicates": 0,
        "failed": 0,
        "error": "",
    }
    tasks.run_import_batch(batch.pk)
    status = json.loads(editor_client.get(url).content)
    assert (status["state"], status["finished"], status["processed"], status["imported"]) == ("done", True, 4, 4)


def test_status_and_page_hidden_from_others(client, batch, other_editor, viewer, admin_user):
    urls = [reverse("import_batch_status", args=[batch.pk]), batch.get_absolute_url()]
    client.logout()  # the same client uploaded it as the editor
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (other_editor, viewer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(admin_user)
    for url in urls:
        assert client.get(url).status_code == 200


def test_my_imports_lists_only_mine(editor_client, batch, other_editor, client):
    page = editor_client.get(reverse("import_batch_list")).content.decode()
    assert batch.get_absolute_url() in page and "wire.zip" in page
    client.force_login(other_editor)
    assert batch.get_absolute_url() not in client.get(reverse("import_batch_list")).content.decode()


def test_the_batch_page_uses_the_polling_script_and_no_inline_code(editor_client, batch):
    page = editor_client.get(batch.get_absolute_url()).content.decode()
    assert 'src="/static/js/import-progress.js"' in page
    assert f'data-status-url="{reverse("import_batch_status", args=[batch.pk])}"' in page
    assert "style=" not in page and "<script>" not in page and "onclick" not in page
