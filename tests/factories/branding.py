"""Pictures for logo tests (real files made with Pillow, and deliberately broken ones) and a
media folder of the test's own."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def png_bytes(width: int = 200, height: int = 100, colour: str = "#1f4e79") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def image_bytes(kind: str, width: int = 200, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#8a3b12").save(out, format=kind)
    return out.getvalue()


def jpeg_with_gps(width: int = 300, height: int = 200) -> bytes:
    """A JPEG carrying a camera make and GPS coordinates in its EXIF block."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 45.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (8.0, 52.0, 30.0)
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def noise_png(width: int = 1000, height: int = 1000) -> bytes:
    """Random pixels do not compress: a real PNG of about 3 MB."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny file that claims huge dimensions (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def use_media_root(settings: Any, root: Path) -> Path:
    """Point MEDIA_ROOT at `root`. The STORAGES assignment makes Django build the default
    storage again: django-tenants' storage caches its root and ignores MEDIA_ROOT changes."""
    settings.MEDIA_ROOT = root
    settings.STORAGES = {**settings.STORAGES}
    return root
