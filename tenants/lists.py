"""Lists typed into one field of the operator's and the console's forms (one rule for both)."""

from __future__ import annotations

import re

# [0-9], not \d: \d also matches Arabic-Indic and other digits, which no German postcode has.
POSTCODE_PATTERN = r"^[0-9]{5}\Z"
_DISTRICT_SEPARATORS = re.compile(r"[,\n\r]+")


def is_postcode(code: str) -> bool:
    """Five ASCII digits."""
    return re.match(POSTCODE_PATTERN, code) is not None


def parse_districts(text: str) -> list[str]:
    """District names separated by commas or new lines, trimmed, without empty entries."""
    return [name.strip() for name in _DISTRICT_SEPARATORS.split(text) if name.strip()]
