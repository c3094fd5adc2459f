"""A provider's video clip: an uploaded file judged by its first bytes, or a video host's
address reduced to the host and the video's id.

An upload is an MP4 only if it starts with an ISO base media `ftyp` box, a WebM only if it
starts with an EBML header whose DocType is `webm`; its name and declared type are ignored.
A link is parsed, its host compared with an allow-list, and only the id is kept: the page
builds the player's address itself (youtube-nocookie.com, player.vimeo.com with dnt=1), so
nothing typed in ever reaches an attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models_media import VideoFormat, VideoHost

HEAD_BYTES = 64
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# The EBML DocType element (ID 0x4282), followed by its size as a one-byte vint and "webm".
WEBM_DOCTYPE = re.compile(rb"\x42\x82[\x80-\xff]webm")
# Brands of MP4 files browsers play (ISO base media, MPEG-4, Apple and DASH variants).
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V "}
)
MP4_BRANDS |= {b"msnv", b"mmp4", b"qt  ", b"3gp5", b"3gp4", b"MSNV", b"f4v "}

YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
)
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")

# Where the two-click embed loads the player from (and the only host its CSP allows).
FRAME_ORIGINS = {
    VideoHost.YOUTUBE: "https://www.youtube-nocookie.com",
    VideoHost.VIMEO: "https://player.vimeo.com",
}


def max_video_bytes() -> int:
    return int(settings.SHOP_VIDEO_MAX_BYTES)


def sniff_video(head: bytes) -> VideoFormat | None:
    """MP4 or WebM by the file's first bytes; None for anything else."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[0:4], "big")
        if box_size >= 16 and head[8:12] in MP4_BRANDS:
            return VideoFormat.MP4
        return None
    if head.startswith(EBML_MAGIC) and WEBM_DOCTYPE.search(head[:HEAD_BYTES]):
        return VideoFormat.WEBM
    return None


def check_video_upload(upload: IO[bytes], *, size: int | None) -> VideoFormat:
    """The upload's format if it is a real MP4 or WebM within the size limit."""
    limit = max_video_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("The video is too large; it may have at most %(max)d MB.")
            % {"max": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    found = sniff_video(head)
    if found is None:
        raise ValidationError(
            _("This file is not a video we can show. Please upload an MP4 or WebM file."),
            code="not_a_video",
        )
    return found


@dataclass(frozen=True)
class VideoLink:
    host: VideoHost
    video_id: str


def _not_allowed() -> ValidationError:
    return ValidationError(
        _(
            "Please paste the address of a video on YouTube or Vimeo, "
            "e.g. https://www.youtube.com/watch?v=…"
        ),
        code="unknown_host",
    )


def _youtube_id(host: str, path: str, query: str) -> str:
    parts = [part for part in path.split("/") if part]
    if host == "youtu.be":
        return parts[0] if len(parts) == 1 else ""
    if parts == ["watch"]:
        values = parse_qs(query).get("v", [])
        return values[0] if len(values) == 1 else ""
    if len(parts) == 2 and parts[0] in {"embed", "shorts", "live", "v"}:
        return parts[1]
    return ""


def _vimeo_id(host: str, path: str) -> str:
    parts = [part for part in path.split("/") if part]
    if host == "player.vimeo.com":
        return parts[1] if len(parts) == 2 and parts[0] == "video" else ""
    return parts[0] if len(parts) == 1 else ""


def parse_video_link(value: str) -> VideoLink:
    """The host and id of a YouTube or Vimeo video's address; else a ValidationError."""
    text = value.strip()
    if len(text) > 500 or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise _not_allowed()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise _not_allowed() from exc
    host = (parts.hostname or "").lower()
    if (
        parts.scheme.lower() not in {"http", "https"}
        or parts.username is not None
        or parts.password is not None
        or port not in {None, 80, 443}
    ):
        raise _not_allowed()
    if host in YOUTUBE_HOSTS:
        video_id = _youtube_id(host, parts.path, parts.query)
        if YOUTUBE_ID.fullmatch(video_id):
            return VideoLink(host=VideoHost.YOUTUBE, video_id=video_id)
    elif host in VIMEO_HOSTS:
        video_id = _vimeo_id(host, parts.path)
        if VIMEO_ID.fullmatch(video_id):
            return VideoLink(host=VideoHost.VIMEO, video_id=video_id)
    else:
        raise _not_allowed()
    raise ValidationError(
        _("We could not find the video in this address. Please copy it from the video's page."),
        code="no_video_id",
    )


def embed_url(*, host: str, video_id: str) -> str:
    """The privacy-friendly player's address for a stored id."""
    if host == VideoHost.YOUTUBE and YOUTUBE_ID.fullmatch(video_id):
        return f"{FRAME_ORIGINS[VideoHost.YOUTUBE]}/embed/{video_id}"
    if host == VideoHost.VIMEO and VIMEO_ID.fullmatch(video_id):
        return f"{FRAME_ORIGINS[VideoHost.VIMEO]}/video/{video_id}?dnt=1"
    raise ValueError("unknown video host or id")
