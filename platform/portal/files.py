"""Serving a town's uploaded files: public ones cacheable, private ones only through a check.

Files that are not public to everyone (a hidden listing's photos, a waiting organisation's
logo) are stored under `private/` in the town's media folder. `town_media` never serves that
folder; the module's own view looks the file up through its row, decides who may see it,
and answers with `private_file_response` (or `public_file_response` once it is public).
"""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest

PRIVATE_PREFIX = "private/"
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"


def private_name(name: str) -> str:
    """The storage name of an upload that must not be served to everyone."""
    return PRIVATE_PREFIX + name.lstrip("/")


def save_with_private_file(
    row: models.Model, *, field: str, folder: str, data: bytes, extension: str = "jpg"
) -> None:
    """Store `data` (a cleaned picture) under a private, random name in `folder` in the
    row's file `field`, then save the row; the file is removed again when the row cannot be
    saved, so no orphan stays on disk."""
    file = getattr(row, field)
    file.save(
        private_name(f"{folder}/{uuid.uuid4().hex}.{extension}"), ContentFile(data), save=False
    )
    stored = str(file.name)
    try:
        row.save()
    except Exception:
        file.storage.delete(stored)
        raise


def move_to_private(name: str, *, storage: Storage | None = None) -> str:
    """Move a stored file under `private/` (data migrations of uploads that turned private);
    the new name. A file missing on disk gets its new name all the same, so its old public
    address stops working."""
    storage = storage or default_storage
    if is_private_name(name):
        return name
    new = private_name(name)
    if not storage.exists(name):
        return new
    with storage.open(name, "rb") as handle:
        saved = storage.save(new, handle)
    storage.delete(name)
    return saved


def is_private_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and parts[0] == PRIVATE_PREFIX.rstrip("/")


def file_response(
    path: str,
    *,
    cache_control: str,
    storage: Storage | None = None,
    attachment_name: str = "",
) -> FileResponse:
    """The stored file `path` (of `storage`, default the town's media) as a response; with
    `attachment_name` as a download of that name."""
    # The name comes from our own row, never from the address; still refuse odd names.
    if not path or ".." in PurePosixPath(path).parts or path.startswith("/"):
        raise Http404
    try:
        handle = (storage or default_storage).open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    # `filename` makes Django write a safe, RFC 6266-encoded Content-Disposition.
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=bool(attachment_name),
        filename=attachment_name or PurePosixPath(path).name,
    )
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_response(request: HttpRequest, *, path: str, allowed: bool) -> FileResponse:
    """A file only some people may see: 404 for everyone else (nothing says it exists),
    never stored by a browser's or proxy's cache."""
    if not allowed:
        raise Http404
    response = file_response(path, cache_control=PRIVATE_CACHE)
    response["Vary"] = "Cookie"
    return response


def public_file_response(*, path: str) -> FileResponse:
    """A file everyone may see, cacheable for an hour."""
    return file_response(path, cache_control=PUBLIC_CACHE)


def delete_files_on_commit(names: Iterable[str], *, storage: Storage | None = None) -> None:
    """Delete stored files once the transaction that dropped their rows has committed (a
    rollback keeps them, with the rows that still point at them)."""
    chosen = storage or default_storage
    pending = [name for name in names if name]

    def delete() -> None:
        for name in pending:
            chosen.delete(name)

    transaction.on_commit(delete)
