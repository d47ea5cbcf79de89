"""Batch uploads from the import page: many files at once, or a zip archive, stored as an
ImportBatch with one ImportFile per article file and imported by a background job
(articles/tasks.py import_batch).

Checked here, before anything is stored (each refusal says why):
- the whole upload: at most IMPORT_BATCH_MAX_FILES files and IMPORT_BATCH_MAX_BYTES bytes once
  uncompressed (a zip's declared sizes are summed before a byte is inflated); a zip whose member
  inflates more than IMPORT_ZIP_MAX_RATIO times its compressed size is refused as a zip bomb; a
  file that is not a valid zip, or is damaged, is refused;
- each member: a name that climbs out of the archive (``../``), an absolute path (``/etc/x``,
  ``C:\\x``), a symbolic link or an encrypted member is refused with its reason and counted as a
  failed file; one over IMPORT_MAX_BYTES too. Folders, macOS resource forks (``__MACOSX/``) and
  hidden files (``.DS_Store``) are skipped, as import_articles skips hidden files in a folder.
Members are never extracted to disk: their bytes go into the database, read at most to the
limit (a member's real size cannot exceed its declared one: zipfile stops there and checks
the CRC), so path tricks could not write anywhere anyway; they are refused to say so.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from articles import importing
from articles.models import ImportBatch, ImportFile


class BatchRefused(Exception):
    """The whole upload is refused (nothing stored), with the reason an editor reads."""


@dataclass
class Member:
    name: str
    size: int
    data: bytes = b""
    refused: str = ""


def max_files() -> int:
    return int(getattr(settings, "IMPORT_BATCH_MAX_FILES", 2000))


def max_total_bytes() -> int:
    return int(getattr(settings, "IMPORT_BATCH_MAX_BYTES", 200 * 1024 * 1024))


def max_ratio() -> int:
    return int(getattr(settings, "IMPORT_ZIP_MAX_RATIO", 100))


def is_zip(upload) -> bool:
    """A zip archive by its name or its first bytes."""
    if (upload.name or "").lower().endswith(".zip"):
        return True
    start = upload.read(4)
    upload.seek(0)
    return start in (b"PK\x03\x04", b"PK\x05\x06")


def _size(n: int) -> str:
    return importing._size(n)


def _unsafe_name(name: str) -> str:
    """Why a member name is refused, or ''."""
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive or PureWindowsPath(name).is_absolute():
        return _("an absolute path, refused")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return _("its path leads out of the archive (..), refused")
    return ""


def _skipped(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not parts or parts[0] == "__MACOSX" or any(part.startswith(".") and part != ".." for part in parts)


def zip_members(upload) -> list[Member]:
    """The article files of a zip upload; BatchRefused when the archive as a whole is refused."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise BatchRefused(
            _("%(name)s is not a readable zip archive (%(error)s).") % {"name": upload.name, "error": error}
        ) from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir() and not _skipped(info.filename)]
        if len(infos) > max_files():
            raise BatchRefused(
                _("%(name)s holds %(count)d files; at most %(limit)d are imported at once.")
                % {"name": upload.name, "count": len(infos), "limit": max_files()}
            )
        total = sum(info.file_size for info in infos)
        if total > max_total_bytes():
            raise BatchRefused(
                _("%(name)s holds %(size)s once uncompressed; the limit is %(limit)s.")
                % {"name": upload.name, "size": _size(total), "limit": _size(max_total_bytes())}
            )
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > max_ratio() * max(info.compress_size, 1):
                raise BatchRefused(
                    _("%(name)s looks like a zip bomb: %(member)s inflates %(ratio)d times (the limit is %(limit)d).")
                    % {
                        "name": upload.name,
                        "member": info.filename,
                        "ratio": info.file_size // max(info.compress_size, 1),
                        "limit": max_ratio(),
                    }
                )
        members = []
        for info in infos:
            name = info.filename
            member = Member(name=name[:500], size=info.file_size)
            mode = info.external_attr >> 16
            if reason := _unsafe_name(name):
                member.refused = f"{name}: {reason}"
            elif stat.S_ISLNK(mode):
                member.refused = f"{name}: " + _("a symbolic link, refused")
            elif info.flag_bits & 0x1:
                member.refused = f"{name}: " + _("encrypted (password-protected), refused; zip it without a password")
            elif info.file_size > importing.max_bytes():
                member.refused = f"{name}: " + _("too large (%(size)s; the limit is %(limit)s)") % {
                    "size": _size(info.file_size),
                    "limit": _size(importing.max_bytes()),
                }
            else:
                try:
                    with archive.open(info) as stream:
                        member.data = stream.read(importing.max_bytes() + 1)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
                    member.refused = f"{name}: " + _("damaged in the archive (%(error)s)") % {"error": error}
                    member.data = b""
            members.append(member)
    return members


def upload_members(uploads) -> list[Member]:
    """Several uploaded files, each a member (a zip among them is refused: one archive at a time)."""
    if len(uploads) > max_files():
        raise BatchRefused(
            _("%(count)d files chosen; at most %(limit)d are imported at once.")
            % {"count": len(uploads), "limit": max_files()}
        )
    total = sum(upload.size or 0 for upload in uploads)
    if total > max_total_bytes():
        raise BatchRefused(
            _("The files add up to %(size)s; the limit is %(limit)s.")
            % {"size": _size(total), "limit": _size(max_total_bytes())}
        )
    members = []
    for upload in uploads:
        name = (upload.name or "uploaded file")[:500]
        member = Member(name=name, size=upload.size or 0)
        if member.size > importing.max_bytes():
            member.refused = f"{name}: " + _("too large (%(size)s; the limit is %(limit)s)") % {
                "size": _size(member.size),
                "limit": _size(importing.max_bytes()),
            }
        else:
            member.data = upload.read(importing.max_bytes() + 1)
        members.append(member)
    return members


def create_batch(uploads, *, owner) -> ImportBatch:
    """Store the upload (one zip, or several files) as a batch and queue the job that imports it,
    in one transaction: the batch, its files and the job row are committed together."""
    from articles import tasks

    if len(uploads) == 1 and is_zip(uploads[0]):
        members = zip_members(uploads[0])
        name = uploads[0].name or "archive.zip"
    else:
        members = upload_members(uploads)
        name = _("%(count)d files") % {"count": len(uploads)}
    if not members:
        raise BatchRefused(_("%(name)s holds no files to import.") % {"name": name})
    with transaction.atomic():
        batch = ImportBatch.objects.create(owner=owner, name=name[:300], total=len(members))
        ImportFile.objects.bulk_create(
            [
                ImportFile(
                    batch=batch,
                    position=position,
                    name=member.name,
                    size=member.size,
                    data=member.data,
                    status=ImportFile.Status.FAILED if member.refused else ImportFile.Status.PENDING,
                    reason=member.refused,
                )
                for position, member in enumerate(members)
            ],
            batch_size=200,
        )
        refused = sum(1 for member in members if member.refused)
        if refused:
            ImportBatch.objects.filter(pk=batch.pk).update(failed=refused)
            batch.failed = refused
        batch.job_id = tasks.import_batch.configure(lock=f"import-batch-{batch.pk}").defer(batch_id=batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(job_id=batch.job_id)
    return batch
