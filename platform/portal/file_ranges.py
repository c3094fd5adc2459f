"""Serving a stored file with HTTP range requests (`Range: bytes=…`), for videos.

Browsers ask for parts of a video to start playing and to seek; Django's FileResponse always
sends the whole file. One range is answered with 206 and `Content-Range`; a range that starts
past the end with 416; several ranges, or a header we do not understand, with the whole file
(RFC 9110 lets a server ignore Range). Who may see the file is decided by the caller, exactly
as for `portal.files`.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

from django.core.files.storage import default_storage
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)

from .files import PRIVATE_CACHE, PUBLIC_CACHE

CHUNK = 64 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class Unsatisfiable(Exception):
    """The requested range lies outside the file."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) of a single `bytes=` range, None to send the
    whole file; raises Unsatisfiable for a range that starts at or past the end."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # A suffix: the last N bytes.
        length = int(last)
        if length == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    return start, min(end, size - 1)


def _read(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_response(
    request: HttpRequest, *, path: str, allowed: bool, public: bool
) -> HttpResponseBase:
    """The stored file at `path` (a name from our own row), whole or the one range asked for;
    404 when not `allowed`. Public files are cacheable, the others never stored."""
    if not allowed:
        raise Http404
    if not path or ".." in PurePosixPath(path).parts or path.startswith("/"):
        raise Http404
    try:
        size = default_storage.size(path)
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    header = request.headers.get("Range", "")
    response: HttpResponseBase
    try:
        chosen = parse_range(header, size) if header and request.method == "GET" else None
    except Unsatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = chosen if chosen is not None else (0, size - 1)
        length = max(end - start + 1, 0)
        body = _read(handle, start, length) if request.method == "GET" else iter(())
        if request.method != "GET":
            handle.close()
        response = StreamingHttpResponse(
            body, status=206 if chosen else 200, content_type=content_type
        )
        response["Content-Length"] = str(length)
        if chosen:
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Vary"] = "Cookie"
    return response
