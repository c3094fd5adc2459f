"""Building the ZIP of "download my data": one JSON file per app, the person's files."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder

from .declarations import all_declarations

README = (
    "This archive holds everything the portal keeps about you: one JSON file per part of the "
    "portal, and your files (photos, logos) under files/.\n"
)


def build_export_zip(user: Any, into: IO[bytes]) -> None:
    """Write the ZIP into `into` (a temporary file: photos make it large): <key>.json for
    every declaration, files under files/<key>/."""
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        for declaration in all_declarations():
            part = declaration.export(user)
            text = json.dumps(part.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(f"{declaration.key}.json", text)
            for item in part.files:
                inner = PurePosixPath(item.name)
                if inner.is_absolute() or ".." in inner.parts:
                    raise ValueError(f"Export file name {item.name!r} leaves its folder.")
                try:
                    with (
                        default_storage.open(item.storage_name, "rb") as handle,
                        archive.open(f"files/{declaration.key}/{inner}", "w") as target,
                    ):
                        shutil.copyfileobj(handle, target, 1024 * 1024)
                except FileNotFoundError:
                    continue  # a file missing on disk is not in the export either
