"""Text cells for CSV files people open in spreadsheets, for every module's exports.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and, in some, a tab or a
carriage return before one) as a formula: a project named "=HYPERLINK(...)" would become a
link in the reader's spreadsheet (CSV injection, OWASP). `safe_cell` puts an apostrophe
before such a text, which spreadsheets show as text and hide.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
