"""The API's JSON parser: DRF's, with a limit on nesting depth.

`json.loads` recurses once per level; a body of 50,000 `[` raises RecursionError (a 500). The
depth is measured by scanning the bytes first, without recursion, and anything deeper than
`MAX_JSON_DEPTH` is refused with a 400 in the API's error shape.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No body of this API nests deeper than a few levels; 32 leaves room and stays far below
# Python's recursion limit.
MAX_JSON_DEPTH = 32

# A JSON string (escapes included); brackets inside strings are text, not nesting.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth_exceeds(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text `data` nests arrays and objects deeper than `limit`."""
    depth = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub(b"", data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class DepthLimitedJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = stream.read() if stream is not None else b""
        if json_depth_exceeds(data):
            raise ParseError(
                _("The JSON sent nests deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}
            )
        return super().parse(io.BytesIO(data), media_type, parser_context)
