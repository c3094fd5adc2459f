"""The town archive: one ZIP file with `manifest.json`, one member per table (PostgreSQL's
COPY text format, ordered by primary key) under `tables/`, and the town's media files under
`media/`.

The manifest names the format and its version, the LQ version, the town's public record,
the migration records of the schema, every table's columns, row count and SHA-256, every
media file's size and SHA-256, and the declared checksums (the ledger's). `open_archive()`
refuses an archive before anything is created: not a ZIP or cut short, a newer format, a
member name that would leave the media folder (absolute, `..`, a backslash, a link), a
member the manifest does not list, more bytes than the limits allow or a member that
unpacks out of proportion (a ZIP bomb), and a member whose bytes do not match their SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "lq-town-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES = "tables/"
MEDIA = "media/"
CHUNK = 1 << 20
MANIFEST_MAX_BYTES = 64 << 20
# A ZIP member may unpack to at most this many times its stored size (text compresses well,
# a bomb compresses to almost nothing); members smaller than RATIO_FLOOR are not judged.
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20
DEFAULT_MAX_BYTES = 50 << 30

# Format version n -> a function that turns a manifest of version n into one of n + 1 (and
# says how the members change). Version 1 is the first; the next format adds its step here.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ArchiveRefused(Exception):
    """The archive cannot be imported; the message says why, in words for the operator."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES  # unpacked, all members together
    max_ratio: int = MAX_RATIO


def table_member(table: str) -> str:
    return f"{TABLES}{table}.copy"


def media_member(relative: str) -> str:
    return f"{MEDIA}{relative}"


def safe_relative_name(name: str) -> str:
    """`name` if it is a plain relative path inside its folder; ArchiveRefused otherwise."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
        or name != str(path)
    ):
        raise ArchiveRefused(f"The archive holds a file with an unsafe name: {name!r}.")
    return name


class TownArchive:
    """An archive opened for import: its manifest read and upgraded, every member checked."""

    def __init__(self, path: Path, zip_file: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
        self.path = path
        self.zip = zip_file
        self.manifest = manifest

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> TownArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def tables(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest["tables"])

    @property
    def media(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest["media"])

    def chunks(self, member: str) -> Iterator[bytes]:
        """The member's bytes, in pieces; its SHA-256 and size are checked at the end."""
        expected = self._expected(member)
        digest = hashlib.sha256()
        size = 0
        with self.zip.open(member) as handle:
            while chunk := handle.read(CHUNK):
                size += len(chunk)
                if size > expected["size"]:
                    raise ArchiveRefused(f"{member} is larger than the manifest says.")
                digest.update(chunk)
                yield chunk
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise ArchiveRefused(
                f"{member} does not match its checksum: the archive was changed or damaged."
            )

    def _expected(self, member: str) -> dict[str, Any]:
        if member.startswith(TABLES):
            return dict(self.manifest["tables"][member[len(TABLES) : -len(".copy")]])
        return dict(self.manifest["media"][member[len(MEDIA) :]])

    def verify(self) -> None:
        """Read every member once and compare it with the manifest."""
        for member in self.members():
            for _chunk in self.chunks(member):
                pass

    def members(self) -> list[str]:
        return [table_member(t) for t in self.manifest["tables"]] + [
            media_member(m) for m in self.manifest["media"]
        ]


def open_archive(path: Path, *, limits: Limits | None = None) -> TownArchive:
    """Open `path` for import and check it whole (see the module's docstring); the archive's
    manifest comes upgraded to FORMAT_VERSION."""
    limits = limits or Limits()
    try:
        zip_file = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArchiveRefused(
            "The file is not a town archive, or it was cut short (it is not a complete ZIP file)."
        ) from exc
    try:
        manifest = _read_manifest(zip_file)
        _check_members(zip_file, manifest, limits)
        archive = TownArchive(path, zip_file, manifest)
        archive.verify()
    except ArchiveRefused:
        zip_file.close()
        raise
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        zip_file.close()
        raise ArchiveRefused(f"The archive is damaged: {exc}.") from exc
    return archive


def _read_manifest(zip_file: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = zip_file.getinfo(MANIFEST)
    except KeyError as exc:
        raise ArchiveRefused("The archive has no manifest.json; it is not a town archive.") from exc
    if info.file_size > MANIFEST_MAX_BYTES:
        raise ArchiveRefused("The archive's manifest is implausibly large.")
    with zip_file.open(info) as handle:
        raw = handle.read(MANIFEST_MAX_BYTES + 1)
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveRefused("The archive's manifest is not valid JSON.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused("The file is not a town archive (its manifest names no LQ format).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveRefused(f"The archive's format version {version!r} is not valid.")
    if version > FORMAT_VERSION:
        raise ArchiveRefused(
            f"The archive has format version {version}, newer than this deployment reads "
            f"(up to {FORMAT_VERSION}, LQ {manifest.get('lq_version', '?')} wrote it): update "
            "this deployment first."
        )
    while version < FORMAT_VERSION:
        if version not in UPGRADES:
            raise ArchiveRefused(f"Format version {version} can no longer be read.")
        manifest = UPGRADES[version](manifest)
        version += 1
        manifest["format_version"] = version
    for key in ("town", "migrations", "tables", "media", "checksums"):
        if key not in manifest:
            raise ArchiveRefused(f"The archive's manifest lacks {key!r}.")
    return dict(manifest)


def _check_members(zip_file: zipfile.ZipFile, manifest: dict[str, Any], limits: Limits) -> None:
    for media in manifest["media"]:
        safe_relative_name(media)
    expected = {MANIFEST, *TownArchive(Path(), zip_file, manifest).members()}
    seen: set[str] = set()
    total = 0
    for info in zip_file.infolist():
        name = info.filename
        if name.endswith("/") and info.file_size == 0:
            continue  # a folder entry holds nothing
        if name.startswith(MEDIA):
            safe_relative_name(name[len(MEDIA) :])
        else:
            safe_relative_name(name)
        kind = stat.S_IFMT(info.external_attr >> 16)  # (0: no type recorded, a file)
        if kind and kind != stat.S_IFREG:
            raise ArchiveRefused(f"The archive holds a link or special file: {name!r}.")
        if name in seen:
            raise ArchiveRefused(f"The archive holds {name!r} twice.")
        seen.add(name)
        if name not in expected:
            raise ArchiveRefused(f"The archive holds {name!r}, which its manifest does not list.")
        total += info.file_size
        if total > limits.max_bytes:
            raise ArchiveRefused(
                f"The archive unpacks to more than {limits.max_bytes} bytes, the limit of this "
                "deployment."
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveRefused(
                f"{name!r} unpacks to {info.file_size // max(info.compress_size, 1)} times its "
                "stored size: refused as a ZIP bomb."
            )
    missing = expected - seen
    if missing:
        raise ArchiveRefused(
            f"The archive lacks {len(missing)} file(s) its manifest lists, e.g. "
            f"{sorted(missing)[0]!r}: it is incomplete."
        )


def write_member(
    zip_file: zipfile.ZipFile, member: str, chunks: Iterator[bytes | memoryview]
) -> dict[str, Any]:
    """Stream `chunks` into `member`; its size, SHA-256 and line count (rows, for a table)."""
    digest = hashlib.sha256()
    size = lines = 0
    with zip_file.open(member, "w", force_zip64=True) as handle:
        for chunk in chunks:
            data = bytes(chunk)
            digest.update(data)
            size += len(data)
            lines += data.count(b"\n")
            handle.write(data)
    return {"size": size, "sha256": digest.hexdigest(), "lines": lines}
